package dev.pressure.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a run's report into a directory: {@value #MARKDOWN} (settings, machine, load average,
 * the summary per setup and every round), {@value #CSV} (one line per round) and {@value #SVG}
 * (the medians as bars, the rounds as dots, the 97% target as a line).
 *
 * <p>Stateless.
 */
final class EndToEndReport {

  /** The markdown report's file name. */
  static final String MARKDOWN = "wrk-end-to-end.md";
  /** The CSV's file name. */
  static final String CSV = "wrk-end-to-end.csv";
  /** The chart's file name. */
  static final String SVG = "wrk-end-to-end.svg";
  /** The CSV's header line. */
  static final String CSV_HEADER = "round,config,requests_per_second,ratio_to_bare_same_round,requests,seconds,"
      + "p50_ms,p75_ms,p90_ms,p99_ms,non_2xx,socket_errors,load_1m";

  private EndToEndReport() {
  }

  /**
   * Writes the three files.
   *
   * @param results the run
   * @param dir the directory (created if missing)
   * @return the markdown file
   * @throws IOException when a file cannot be written
   */
  static Path write(EndToEndResults results, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(CSV), csv(results));
    Files.writeString(dir.resolve(SVG), svg(results));
    Path md = dir.resolve(MARKDOWN);
    Files.writeString(md, markdown(results));
    return md;
  }

  static String markdown(EndToEndResults results) {
    WrkOptions o = results.options();
    StringBuilder sb = new StringBuilder("# End to end: wrk against a hello-world servlet on Jetty\n\n");
    sb.append("`").append(o.describe()).append("`, against `GET ").append(HelloServer.PATH)
        .append("` (200, ").append(HelloServlet.BODY.length).append("-byte text body) on 127.0.0.1.\n\n");
    sb.append("Load average (1, 5, 15 min): ").append(results.loadBefore()).append(" before, ")
        .append(results.loadAfter()).append(" after. ").append(String.join("; ", results.environment()))
        .append(".\n\n");
    sb.append("| config | median req/s | ratio to bare (medians) | median same-round ratio | median p50 ms "
        + "| median p99 ms | req/s per round | target >= ")
        .append(pct(EndToEndResults.TARGET_RATIO)).append(" |\n|---|---:|---:|---:|---:|---:|---|---|\n");
    for (Setup s : o.setups()) {
      double ratio = results.ratio(s);
      sb.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %s | %.3f | %.3f | %s | %s |%n", s.label(),
          results.medianRate(s), pct(ratio), pct(results.medianSameRoundRatio(s)), results.medianLatency(s, 50),
          results.medianLatency(s, 99), perRound(results, s),
          s == Setup.BARE ? "baseline" : ratio >= EndToEndResults.TARGET_RATIO ? "met" : "**missed**"));
    }
    sb.append("\n## Rounds\n\n| round | config | req/s | same-round ratio | p50 ms | p75 ms | p90 ms | p99 ms "
        + "| requests | non-2xx | socket errors | load 1m |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Round r : results.rounds()) {
      WrkOutput w = r.wrk();
      sb.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %s | %.3f | %.3f | %.3f | %.3f | %d | %d | %d | %.2f |%n",
          r.round(), r.setup().label(), w.requestsPerSecond(), pct(results.sameRoundRatio(r)), w.latency(50),
          w.latency(75), w.latency(90), w.latency(99), w.requests(), w.non2xx(), w.socketErrors().total(),
          r.loadAverage()));
    }
    return sb.append("\n![req/s per config](").append(SVG).append(")\n").toString();
  }

  static String csv(EndToEndResults results) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (Round r : results.rounds()) {
      WrkOutput w = r.wrk();
      sb.append(String.format(Locale.ROOT, "%d,%s,%.2f,%.4f,%d,%.2f,%.3f,%.3f,%.3f,%.3f,%d,%d,%.2f%n", r.round(),
          r.setup().label(), w.requestsPerSecond(), results.sameRoundRatio(r), w.requests(), w.seconds(),
          w.latency(50), w.latency(75), w.latency(90), w.latency(99), w.non2xx(), w.socketErrors().total(),
          r.loadAverage()));
    }
    return sb.toString();
  }

  static String svg(EndToEndResults results) {
    List<BarChart.Bar> bars = new ArrayList<>();
    for (Setup s : results.options().setups()) {
      double[] points = results.of(s).stream().mapToDouble(r -> r.wrk().requestsPerSecond()).toArray();
      bars.add(new BarChart.Bar(s.label(), results.medianRate(s), points,
          String.format(Locale.ROOT, "%.0f (%s)", results.medianRate(s), pct(results.ratio(s)))));
    }
    return BarChart.render("wrk -t" + results.options().threads() + " -c" + results.options().connections()
        + ", hello-world servlet on Jetty", "requests per second", bars, EndToEndResults.TARGET_RATIO);
  }

  private static String perRound(EndToEndResults results, Setup s) {
    return String.join(", ", results.of(s).stream()
        .map(r -> String.format(Locale.ROOT, "%.0f", r.wrk().requestsPerSecond())).toList());
  }

  private static String pct(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
  }
}
