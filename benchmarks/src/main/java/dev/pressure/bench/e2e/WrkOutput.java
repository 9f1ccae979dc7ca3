package dev.pressure.bench.e2e;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk 4.1 run printed, parsed: the summary lines a report needs and nothing of wrk's
 * per-thread statistics (with {@code -t1} they repeat the summary).
 *
 * <p>The parser reads wrk's own formats (its {@code stats.c} and {@code units.c}): times with
 * {@code us}, {@code ms}, {@code s}, {@code m} or {@code h}; {@code Requests/sec} as a plain
 * {@code %.2f}; the {@code Non-2xx or 3xx responses} and {@code Socket errors} lines printed only
 * when non-zero (absent means 0). It matches each line by its label anywhere in the text, so
 * wrk's column padding and a leading banner do not matter, and fails with the whole output in
 * the message when a line it needs is missing, rather than reporting a 0 nobody measured.
 *
 * @param requests the {@code N requests in ...} count
 * @param seconds the run's measured duration
 * @param requestsPerSecond {@code Requests/sec}
 * @param latencyMillis the {@code --latency} distribution, percentile ({@code 50}, {@code 75},
 *     {@code 90}, {@code 99}) to milliseconds, in wrk's order
 * @param non2xx {@code Non-2xx or 3xx responses} (0 when wrk printed no such line)
 * @param socketErrors the {@code Socket errors} line
 */
public record WrkOutput(long requests, double seconds, double requestsPerSecond, Map<Integer, Double> latencyMillis,
    long non2xx, SocketErrors socketErrors) {

  /**
   * wrk's socket error counts.
   *
   * @param connect failed connects
   * @param read read errors (including a peer that closed the connection)
   * @param write write errors
   * @param timeout requests over {@code --timeout}
   */
  public record SocketErrors(long connect, long read, long write, long timeout) {
    /** No errors: what wrk means by printing no line. */
    public static final SocketErrors NONE = new SocketErrors(0, 0, 0, 0);

    /** {@return the sum of all four counts} */
    public long total() {
      return connect + read + write + timeout;
    }
  }

  private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?)";
  private static final Pattern SUMMARY = Pattern.compile(
      "^\\s*([0-9]+) requests in " + NUMBER + "(us|ms|s|m|h),", Pattern.MULTILINE);
  private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+" + NUMBER + "\\s*$", Pattern.MULTILINE);
  private static final Pattern PERCENTILE = Pattern.compile(
      "^\\s+([0-9]+(?:\\.[0-9]+)?)%\\s+" + NUMBER + "(us|ms|s|m|h)\\s*$", Pattern.MULTILINE);
  private static final Pattern NON_2XX = Pattern.compile("^\\s*Non-2xx or 3xx responses:\\s+([0-9]+)\\s*$",
      Pattern.MULTILINE);
  private static final Pattern SOCKET = Pattern.compile(
      "^\\s*Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)\\s*$", Pattern.MULTILINE);
  private static final String DISTRIBUTION = "Latency Distribution";

  /** Copies the map, keeping wrk's order. */
  public WrkOutput {
    latencyMillis = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(latencyMillis));
  }

  /**
   * Parses wrk's standard output.
   *
   * @param text what wrk printed (run with {@code --latency} for the percentiles)
   * @return the parsed run
   * @throws IllegalArgumentException when the summary or {@code Requests/sec} line is missing,
   *     naming the expected line and quoting the output
   */
  public static WrkOutput parse(String text) {
    Matcher summary = find(SUMMARY, text, "<N> requests in <T>, <B> read");
    long requests = Long.parseLong(summary.group(1));
    double seconds = millis(summary.group(2), summary.group(3)) / 1000;
    double rate = Double.parseDouble(find(RATE, text, "Requests/sec: <R>").group(1));

    Map<Integer, Double> latency = new LinkedHashMap<>();
    int distribution = text.indexOf(DISTRIBUTION);
    if (distribution >= 0) {
      Matcher p = PERCENTILE.matcher(text);
      p.region(distribution, text.length());
      while (p.find()) {
        latency.put((int) Double.parseDouble(p.group(1)), millis(p.group(2), p.group(3)));
      }
    }
    Matcher non2xx = NON_2XX.matcher(text);
    Matcher socket = SOCKET.matcher(text);
    SocketErrors errors = socket.find()
        ? new SocketErrors(Long.parseLong(socket.group(1)), Long.parseLong(socket.group(2)),
            Long.parseLong(socket.group(3)), Long.parseLong(socket.group(4)))
        : SocketErrors.NONE;
    return new WrkOutput(requests, seconds, rate, latency, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, errors);
  }

  /**
   * A percentile of the latency distribution.
   *
   * @param percentile 50, 75, 90 or 99
   * @return milliseconds, or NaN when wrk ran without {@code --latency}
   */
  public double latency(int percentile) {
    return latencyMillis.getOrDefault(percentile, Double.NaN);
  }

  /** {@return a one-line summary for the log} */
  public String summary() {
    return String.format(Locale.ROOT, "%.0f req/s, p50 %.3f ms, p99 %.3f ms, %d requests, non-2xx %d, socket errors %d",
        requestsPerSecond, latency(50), latency(99), requests, non2xx, socketErrors.total());
  }

  private static Matcher find(Pattern pattern, String text, String expected) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("wrk output: a line \"" + expected + "\". Found: " + text);
    }
    return m;
  }

  private static double millis(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "us" -> v / 1000;
      case "ms" -> v;
      case "s" -> v * 1000;
      case "m" -> v * 60_000;
      case "h" -> v * 3_600_000;
      default -> throw new IllegalArgumentException("wrk time unit: us, ms, s, m or h. Found: " + unit);
    };
  }
}
