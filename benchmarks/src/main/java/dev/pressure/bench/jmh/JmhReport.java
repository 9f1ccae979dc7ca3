package dev.pressure.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs both JMH benchmarks with the published settings, at 1 and 2 threads, and writes the
 * markdown tables of {@code docs/benchmarks.md}: mean with its 99.9% error, the median
 * iteration (robust to iterations disturbed by other processes on a shared machine), the
 * difference to the baseline (bare chain, or the Summary as a ratio), and bytes allocated per
 * operation from the gc profiler.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.pressure.bench.jmh.JmhReport benchmarks/target/jmh.md
 * </pre>
 *
 * <p>Not thread-safe; a command-line tool.
 */
public final class JmhReport {

  private JmhReport() {}

  /**
   * Runs and writes the report.
   *
   * @param args the output file (default {@code benchmarks/target/jmh.md})
   * @throws RunnerException when JMH fails
   * @throws IOException when the report cannot be written
   */
  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Paths.get(args.length > 0 ? args[0] : "benchmarks/target/jmh.md");
    Map<Integer, Map<String, RunResult>> byThreads = new LinkedHashMap<>();
    for (int threads : new int[] {1, 2}) {
      byThreads.put(threads, run(threads));
    }
    String loadAfter = loadAverage();
    StringBuilder sb = new StringBuilder();
    sb.append("Settings: 1 fork, 3 x 1 s warm-up, 10 x 500 ms measurement, -prof gc. Load average at the end: ")
        .append(loadAfter).append(".\n\n");
    sb.append(table("FilterOverheadBenchmark", byThreads, "bareChain", false));
    sb.append('\n');
    sb.append(table("LatencyRecordingBenchmark", byThreads, "simpleclientSummary", true));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, sb.toString());
    System.out.println(sb);
    System.out.println("report: " + out);
  }

  private static Map<String, RunResult> run(int threads) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(FilterOverheadBenchmark.class.getName() + "\\.")
        .include(LatencyRecordingBenchmark.class.getName() + "\\.")
        .forks(1)
        .threads(threads)
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(10)
        .measurementTime(TimeValue.milliseconds(500))
        .addProfiler(GCProfiler.class)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, RunResult> byName = new LinkedHashMap<>();
    for (RunResult r : results) {
      String b = r.getParams().getBenchmark();
      byName.put(b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1), r);
    }
    return byName;
  }

  /** One table: a row per benchmark method, 1- and 2-thread columns side by side. */
  static String table(String benchmark, Map<Integer, Map<String, RunResult>> byThreads, String baseline,
      boolean ratio) {
    List<String> methods = new ArrayList<>();
    for (Map<String, RunResult> m : byThreads.values()) {
      for (String name : m.keySet()) {
        String method = name.substring(name.indexOf('.') + 1);
        if (name.startsWith(benchmark + ".") && !methods.contains(method)) {
          methods.add(method);
        }
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("| ").append(benchmark).append(" |");
    for (int t : byThreads.keySet()) {
      sb.append(String.format(Locale.ROOT, " %d thread%s: mean ns/op | median | %s | B/op |", t, t == 1 ? "" : "s",
          ratio ? baseline + " / this (median)" : "over " + baseline + " (median)"));
    }
    sb.append("\n|---|");
    sb.append("---:|---:|---:|---:|".repeat(byThreads.size()));
    sb.append('\n');
    for (String method : methods) {
      sb.append("| ").append(method).append(" |");
      for (Map<String, RunResult> m : byThreads.values()) {
        RunResult r = m.get(benchmark + "." + method);
        RunResult base = m.get(benchmark + "." + baseline);
        if (r == null) {
          sb.append(" - | - | - | - |");
          continue;
        }
        Result<?> p = r.getPrimaryResult();
        double median = p.getStatistics().getPercentile(50);
        double baseMedian = base == null ? Double.NaN : base.getPrimaryResult().getStatistics().getPercentile(50);
        Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
        String versus = ratio
            ? String.format(Locale.ROOT, "%.1fx", baseMedian / median)
            : String.format(Locale.ROOT, "%+.1f ns", median - baseMedian);
        sb.append(String.format(Locale.ROOT, " %.1f ± %.1f | %.1f | %s | %s |", p.getScore(), p.getScoreError(),
            median, method.equals(baseline) ? "-" : versus,
            alloc == null ? "-" : String.format(Locale.ROOT, "%.0f", alloc.getScore())));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
