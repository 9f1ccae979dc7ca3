package dev.pressure.bench.overload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's results: {@code results.md} (environment, capacity, one table per workload,
 * the targets), {@code results.csv} (one row per cell of the load sweep) and SVG plots per
 * workload (goodput and p99 against offered load; goodput and p99 over time at 4x), plus the
 * priority and deadline scenarios' sections, CSVs and plots ({@link ScenarioReport}).
 *
 * <p>Stateless; thread-safe.
 */
final class Report {

  /** Line colours per configuration, the same in every plot. */
  static final Map<Protection, String> COLORS = Map.of(
      Protection.NONE, "#d62728",
      Protection.PRESSURE_GATE, "#9467bd",
      Protection.PRESSURE_ADAPTIVE, "#1f77b4",
      Protection.CONCURRENCY_LIMITS, "#ff7f0e",
      Protection.JETTY_QOS, "#2ca02c");

  private Report() {}

  /**
   * Writes every file into {@code dir}.
   *
   * @param r the results
   * @param dir the output directory (created)
   * @return the markdown report's path
   * @throws IOException when a file cannot be written
   */
  static Path write(HarnessResults r, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("results.csv"), csv(r));
    ScenarioReport.write(r, dir);
    for (Workload w : r.capacities().keySet()) {
      if (cellsOf(r, w).isEmpty()) {
        continue; // the load sweep did not run on this workload
      }
      Files.writeString(dir.resolve(w.label() + "-vs-load.svg"), loadPlot(r, w));
      for (double load : r.options().loadFactors()) {
        String svg = load > 1 ? timelinePlot(r, w, load) : null;
        if (svg != null) {
          Files.writeString(dir.resolve(w.label() + "-timeline-" + num(load) + "x.svg"), svg);
        }
      }
    }
    Path md = dir.resolve("results.md");
    Files.writeString(md, markdown(r));
    return md;
  }

  static String markdown(HarnessResults r) {
    HarnessOptions o = r.options();
    Environment e = r.before();
    StringBuilder sb = new StringBuilder();
    sb.append("## Overload harness results (").append(o.mode()).append(" mode)\n\n");
    sb.append(String.format(Locale.ROOT, "- Taken %s on %d CPUs (%s), %s RAM; %s; %s; Jetty %s; heap max %d MiB.%n",
        e.at(), e.processors(), e.cpuModel(), e.memory(), e.os(), e.jdk(), e.jetty(), e.maxHeapMiB()));
    sb.append(String.format(Locale.ROOT, "- Load average (1/5/15 min): %s at start, %s at end. "
        + "The generator and the server share these CPUs.%n", e.loadAverage(), r.afterLoadAverage()));
    sb.append(String.format(Locale.ROOT, "- Phases per cell: %s at %.1fx, %s at the offered load, %s at %.1fx; "
        + "client timeout %d ms; queue bound q = %s; run took %.0f s.%n%n",
        seconds(o.before()), o.baseLoad(), seconds(o.overload()), seconds(o.after()), o.baseLoad(),
        o.timeout().toMillis(), num(o.queueBound()), r.durationSeconds()));
    for (Capacity c : r.capacities().values()) {
      Workload w = c.workload();
      if (cellsOf(r, w).isEmpty()) {
        sb.append(String.format(Locale.ROOT, "Capacity of the %s workload: %.0f requests/s measured (worst window "
            + "%.0f/s; nominal %.0f/s).%n%n", w.label(), c.perSecond(), c.worstWindowPerSecond(),
            c.nominalPerSecond()));
        continue;
      }
      sb.append(String.format(Locale.ROOT, "### %s workload%n%n", w.label()));
      sb.append(String.format(Locale.ROOT,
          "Capacity: %.0f requests/s measured (best 1 s window of a closed loop with %d outstanding; worst window "
          + "%.0f/s; nominal %d slots x %s ms = %.0f/s). "
          + "Unloaded p99 (median of the configurations at %.1fx): %.1f ms, so the latency target is p99 <= %.1f ms.%n%n",
          c.perSecond(), 2 * c.concurrency(), c.worstWindowPerSecond(), c.concurrency(), num(c.serviceMillis()),
          c.nominalPerSecond(),
          o.loadFactors().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
          r.unloadedP99Millis().get(w), 2 * r.unloadedP99Millis().get(w)));
      sb.append("| config | load | offered/s | goodput/s | goodput | p50 ms | p99 ms | p99.9 ms | p99 / unloaded "
          + "| rejected | reject p50 / p99 ms | timeouts | first shed ms | recovery ms |\n");
      sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (CellResult cell : cellsOf(r, w)) {
        double unloaded = r.unloadedP99Millis().get(w);
        double recovery = r.recoveryMillis(cell);
        sb.append(String.format(Locale.ROOT,
            "| %s | %sx | %.0f | %.0f | %.0f%% | %s | %s | %s | %s | %.1f%% | %s / %s | %.1f%% | %s | %s |%n",
            cell.protection().label(), num(cell.loadFactor()), cell.offeredPerSecond(), cell.goodputPerSecond(),
            100 * cell.goodputShare(), ms(cell.p50Millis()), ms(cell.p99Millis()), ms(cell.p999Millis()),
            Double.isNaN(cell.p99Millis()) ? "-" : String.format(Locale.ROOT, "%.1fx", cell.p99Millis() / unloaded),
            100 * cell.rejectedShare(), ms(cell.rejectP50Millis()), ms(cell.rejectP99Millis()),
            100 * cell.timeoutShare(), Double.isNaN(cell.firstShedMillis()) ? "-" : ms(cell.firstShedMillis()),
            cell.loadFactor() <= 1 ? "-" : Double.isNaN(recovery)
                ? "> " + o.after().toMillis() : String.format(Locale.ROOT, "%.0f", recovery)));
      }
      sb.append('\n');
      sb.append(String.format(Locale.ROOT, "Targets from %sx (goodput >= %.0f%% of capacity and p99 <= 2x unloaded p99):%n%n",
          num(HarnessResults.TARGET_FROM_LOAD), 100 * HarnessResults.GOODPUT_TARGET));
      for (Protection p : o.protections()) {
        List<String> verdicts = new ArrayList<>();
        for (CellResult cell : cellsOf(r, w)) {
          if (cell.protection() == p && cell.loadFactor() >= HarnessResults.TARGET_FROM_LOAD) {
            verdicts.add(String.format(Locale.ROOT, "%sx %s (goodput %.0f%%, p99 %.1fx)", num(cell.loadFactor()),
                r.meetsTargets(cell) ? "met" : "missed", 100 * cell.goodputShare(),
                cell.p99Millis() / r.unloadedP99Millis().get(w)));
          }
        }
        if (!verdicts.isEmpty()) {
          sb.append("- ").append(p.label()).append(": ").append(String.join("; ", verdicts)).append('\n');
        }
      }
      sb.append('\n');
      sb.append("Settings: ");
      List<String> settings = new ArrayList<>();
      for (Protection p : o.protections()) {
        cellsOf(r, w).stream().filter(x -> x.protection() == p).findFirst()
            .ifPresent(x -> settings.add(p.label() + ": " + x.description()));
      }
      sb.append(String.join("; ", settings)).append(".\n\n");
    }
    if (!r.cells().isEmpty()) {
      sb.append("Columns: offered load is a multiple of the measured capacity; goodput counts 200 responses "
          + "received within the client timeout, per second of the overload phase; latencies are counted from the "
          + "intended send time; rejected = 429/503 answers; first shed = from the overload's start to the send "
          + "time of the first rejected request; recovery = from the load dropping back to the start of the first "
          + "second in which every request succeeds within 2x the unloaded p99 (\"> N\": not within the cell).\n\n");
    }
    sb.append(ScenarioReport.markdown(r));
    return sb.toString();
  }

  static String csv(HarnessResults r) {
    StringBuilder sb = new StringBuilder("workload,config,load,offered_per_s,capacity_per_s,sent,goodput_per_s,"
        + "goodput_share,p50_ms,p99_ms,p999_ms,rejected_share,reject_p50_ms,reject_p99_ms,timeout_share,"
        + "error_share,first_shed_ms,recovery_ms\n");
    for (CellResult c : r.cells()) {
      sb.append(String.format(Locale.ROOT, "%s,%s,%s,%.1f,%.1f,%d,%.1f,%.4f,%s,%s,%s,%.4f,%s,%s,%.4f,%.4f,%s,%s%n",
          c.workload().label(), c.protection().label(), num(c.loadFactor()), c.offeredPerSecond(),
          c.capacityPerSecond(), c.sent(), c.goodputPerSecond(), c.goodputShare(), csvNum(c.p50Millis()),
          csvNum(c.p99Millis()), csvNum(c.p999Millis()), c.rejectedShare(), csvNum(c.rejectP50Millis()),
          csvNum(c.rejectP99Millis()), c.timeoutShare(), c.errorShare(), csvNum(c.firstShedMillis()),
          csvNum(r.recoveryMillis(c))));
    }
    return sb.toString();
  }

  private static String loadPlot(HarnessResults r, Workload w) {
    List<Double> loads = r.options().loadFactors();
    double[] xs = loads.stream().mapToDouble(Double::doubleValue).toArray();
    SvgChart goodput = new SvgChart(w.label() + " workload: goodput against offered load",
        "offered load (x measured capacity)", "goodput (% of capacity)", true, false);
    SvgChart latency = new SvgChart(w.label() + " workload: p99 latency of successful requests",
        "offered load (x measured capacity)", "p99 latency (ms, log)", true, true);
    for (double x : xs) {
      goodput.xTick(x, num(x) + "x");
      latency.xTick(x, num(x) + "x");
    }
    double[] ideal = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      ideal[i] = 100 * Math.min(1, xs[i]);
    }
    for (Protection p : r.options().protections()) {
      double[] g = new double[xs.length];
      double[] l = new double[xs.length];
      for (int i = 0; i < xs.length; i++) {
        CellResult c = cell(r, w, p, xs[i]);
        g[i] = c == null ? Double.NaN : 100 * c.goodputShare();
        l[i] = c == null ? Double.NaN : c.p99Millis();
      }
      goodput.series(p.label(), COLORS.get(p), xs, g);
      latency.series(p.label(), COLORS.get(p), xs, l);
    }
    goodput.reference("ideal", "#888888", xs, ideal);
    double target = 2 * r.unloadedP99Millis().get(w);
    double[] t = new double[xs.length];
    java.util.Arrays.fill(t, target);
    latency.reference("2x unloaded p99", "#888888", xs, t);
    goodput.yRange(0.0, 110.0);
    return SvgChart.stack(820, 330, goodput, latency);
  }

  /** Goodput and p99 per 100 ms over the cells of one load, every configuration. */
  private static String timelinePlot(HarnessResults r, Workload w, double load) {
    SvgChart goodput = new SvgChart(w.label() + " workload at " + num(load) + "x: successful responses over time",
        "time (s), by response arrival", "goodput (% of capacity)", false, false);
    SvgChart latency = new SvgChart(w.label() + " workload at " + num(load) + "x: p99 of successes per 100 ms",
        "time (s), by response arrival", "p99 latency (ms, log)", false, true);
    CellResult any = null;
    for (Protection p : r.options().protections()) {
      CellResult c = cell(r, w, p, load);
      if (c == null) {
        continue;
      }
      any = c;
      List<CellResult.Bucket> buckets = c.timeline().stream()
          .filter(b -> b.startMillis() + CellResult.BUCKET_MILLIS <= c.endMillis()).toList();
      double[] xs = new double[buckets.size()];
      double[] g = new double[buckets.size()];
      double[] l = new double[buckets.size()];
      for (int i = 0; i < xs.length; i++) {
        CellResult.Bucket b = buckets.get(i);
        xs[i] = b.startMillis() / 1000.0;
        g[i] = 100 * b.okArrived() * (1000.0 / CellResult.BUCKET_MILLIS) / c.capacityPerSecond();
        l[i] = b.p99ArrivedMillis();
      }
      goodput.series(p.label(), COLORS.get(p), xs, g);
      latency.series(p.label(), COLORS.get(p), xs, l);
    }
    if (any == null) {
      return null;
    }
    String label = num(load) + "x offered";
    goodput.shade(any.overloadStartMillis() / 1000, any.overloadEndMillis() / 1000, label);
    latency.shade(any.overloadStartMillis() / 1000, any.overloadEndMillis() / 1000, label);
    return SvgChart.stack(820, 330, goodput, latency);
  }

  private static List<CellResult> cellsOf(HarnessResults r, Workload w) {
    List<CellResult> list = new ArrayList<>();
    for (Protection p : r.options().protections()) {
      for (CellResult c : r.cells()) {
        if (c.workload() == w && c.protection() == p) {
          list.add(c);
        }
      }
    }
    return list;
  }

  private static CellResult cell(HarnessResults r, Workload w, Protection p, double load) {
    for (CellResult c : r.cells()) {
      if (c.workload() == w && c.protection() == p && c.loadFactor() == load) {
        return c;
      }
    }
    return null;
  }

  private static String seconds(java.time.Duration d) {
    return num(d.toMillis() / 1000.0) + " s";
  }

  static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static String ms(double d) {
    if (Double.isNaN(d)) {
      return "-";
    }
    return d >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.1f", d);
  }

  private static String csvNum(double d) {
    return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.3f", d);
  }
}
