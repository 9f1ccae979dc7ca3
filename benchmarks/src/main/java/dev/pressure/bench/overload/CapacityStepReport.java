package dev.pressure.bench.overload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link CapacityStep} run: {@code capacity-step.md} (environment, capacity, one table
 * of the steps and one of the phases), {@code capacity-step.csv} (one row per configuration and
 * phase, with the step that opened the phase), {@code capacity-step-timeline.csv} (every gate
 * sample) and {@code capacity-step-<config>.svg} (limit, in flight and queued; goodput; p99;
 * over time, the doubled phase shaded and the steps marked).
 *
 * <p>Stateless; thread-safe.
 */
final class CapacityStepReport {

  /** Target of issue 17: the adaptive limit settles within this. */
  static final double TARGET_SETTLE_MILLIS = 5000;

  /**
   * A whole run.
   *
   * @param options what was run
   * @param before the machine at the start
   * @param afterLoadAverage load average at the end
   * @param capacityPerSecond capacity measured at the base and at the doubled service time
   * @param offeredPerSecond the constant offered load
   * @param results one per configuration
   * @param durationSeconds how long the run took
   */
  record Run(CapacityStepOptions options, Environment before, String afterLoadAverage, double[] capacityPerSecond,
      double offeredPerSecond, List<CapacityStepResult> results, double durationSeconds) {}

  private CapacityStepReport() {}

  /**
   * Writes every file into {@code dir}.
   *
   * @param run the results
   * @param dir the output directory (created)
   * @return the markdown report's path
   * @throws IOException when a file cannot be written
   */
  static Path write(Run run, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("capacity-step.csv"), csv(run));
    Files.writeString(dir.resolve("capacity-step-timeline.csv"), timelineCsv(run));
    for (CapacityStepResult r : run.results()) {
      Files.writeString(dir.resolve("capacity-step-" + r.protection().label() + ".svg"), plot(run, r));
    }
    Path md = dir.resolve("capacity-step.md");
    Files.writeString(md, markdown(run));
    return md;
  }

  static String markdown(Run run) {
    CapacityStepOptions o = run.options();
    Environment e = run.before();
    StringBuilder sb = new StringBuilder();
    sb.append("## Capacity step (").append(o.mode()).append(" mode)\n\n");
    sb.append(String.format(Locale.ROOT, "- Taken %s on %d CPUs (%s), %s RAM; %s; %s; Jetty %s.%n",
        e.at(), e.processors(), e.cpuModel(), e.memory(), e.os(), e.jdk(), e.jetty()));
    sb.append(String.format(Locale.ROOT, "- Load average (1/5/15 min): %s at start, %s at end. "
        + "The generator and the server share these CPUs.%n", e.loadAverage(), run.afterLoadAverage()));
    sb.append(String.format(Locale.ROOT,
        "- Workload `resource`: %d slots; service time %s ms, then %s ms, then %s ms again; three phases of %s s "
        + "each, one fresh server per configuration; queue bound q = %s; client timeout %d ms; run took %.0f s.%n",
        o.concurrency(), num(o.baseService().toNanos() / 1e6), num(o.doubledService().toNanos() / 1e6),
        num(o.baseService().toNanos() / 1e6), num(o.phase().toMillis() / 1000.0), num(o.queueBound()),
        o.timeout().toMillis(), run.durationSeconds()));
    sb.append(String.format(Locale.ROOT,
        "- Capacity (closed loop of %d, unprotected): %.0f/s at %s ms, %.0f/s at %s ms. Offered load: constant "
        + "%.0f/s = %sx the base capacity (%sx after the first step).%n",
        2 * o.concurrency(), run.capacityPerSecond()[0], num(o.baseService().toNanos() / 1e6),
        run.capacityPerSecond()[1], num(o.doubledService().toNanos() / 1e6), run.offeredPerSecond(),
        num(o.loadFactor()), num(run.offeredPerSecond() / run.capacityPerSecond()[1])));
    sb.append(String.format(Locale.ROOT,
        "- The gate is sampled every %d ms on the server; client windows of %d ms by response arrival.%n",
        o.sampleEvery().toMillis(), o.windowMillis()));
    sb.append("- **Settled**: after a step, the first sample from which the limit stays within ±20% (at least "
        + "±1 permit) of its median over the last half of that phase, for the rest of the phase; never (NaN) when "
        + "that run is shorter than a quarter of the phase. \"probes out\" leaves out the samples taken while the "
        + "adaptive limit probes its no-load latency (it halves the limit for a few round trips, by design); "
        + "\"all samples\" counts them. Target (issue 17): settled within 5 s.\n\n");

    sb.append("| config | step | at s | settle s (probes out) | settle s (all samples) | limit before | limit after "
        + "| no-load ms before / after | goodput/s after | p99 ms after | target |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (CapacityStepResult r : run.results()) {
      for (int i = 0; i < r.steps().size(); i++) {
        CapacityStepResult.Step s = r.steps().get(i);
        CapacityStepResult.PhaseStats before = r.phases().get(i);
        CapacityStepResult.PhaseStats after = r.phases().get(i + 1);
        String target;
        if (!r.sampled()) {
          target = "no gate";
        } else if (r.protection() == Protection.PRESSURE_ADAPTIVE) {
          target = !Double.isNaN(s.settleMillis()) && s.settleMillis() <= TARGET_SETTLE_MILLIS ? "met" : "**missed**";
        } else {
          target = "fixed limit";
        }
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s / %s | %.0f | %s | %s |%n",
            r.protection().label(), s.name(), num(s.atMillis() / 1000), sec(s.settleMillis()),
            sec(s.settleWithProbesMillis()), num(s.limitBefore()), num(s.limitAfter()), ms(before.noLoadMillis()),
            ms(after.noLoadMillis()), after.goodputPerSecond(), ms(after.p99Millis()), target));
      }
    }
    sb.append("\nPer phase (requests by intended send time; the limit is the median over the phase's last half, "
        + "probes out):\n\n");
    sb.append("| config | phase | service ms | capacity/s | goodput/s | goodput / capacity | p50 ms | p99 ms "
        + "| rejected | timeouts | limit | no-load ms | probes |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (CapacityStepResult r : run.results()) {
      for (CapacityStepResult.PhaseStats p : r.phases()) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.0f%% | %s | %s | %.1f%% | %.1f%% "
            + "| %s | %s | %s |%n",
            r.protection().label(), p.name(), num(p.serviceMillis()), p.capacityPerSecond(), p.goodputPerSecond(),
            100 * p.goodputPerSecond() / p.capacityPerSecond(), ms(p.p50Millis()), ms(p.p99Millis()),
            100 * p.rejectedShare(), 100 * p.timeoutShare(), num(p.limitMedian()), ms(p.noLoadMillis()),
            r.sampled() && r.protection() == Protection.PRESSURE_ADAPTIVE ? String.valueOf(p.probes()) : "-"));
      }
    }
    sb.append("\nConfigurations:\n\n");
    for (CapacityStepResult r : run.results()) {
      sb.append("- ").append(r.protection().label()).append(": ").append(r.description()).append('\n');
    }
    sb.append("\nCommand: `java -cp benchmarks/target/benchmarks.jar dev.pressure.bench.overload.CapacityStep --mode ")
        .append(o.mode()).append(" --out ").append(o.out()).append("`\n");
    return sb.toString();
  }

  /** One row per configuration and phase; the step columns describe the step that opened the phase. */
  static String csv(Run run) {
    StringBuilder sb = new StringBuilder("config,phase,service_ms,start_s,end_s,offered_per_s,capacity_per_s,sent,"
        + "goodput_per_s,p50_ms,p99_ms,rejected_share,timeout_share,limit_median,no_load_ms,probes,step,"
        + "settle_s_probes_out,settle_s_all_samples,limit_before,limit_after\n");
    for (CapacityStepResult r : run.results()) {
      for (int i = 0; i < r.phases().size(); i++) {
        CapacityStepResult.PhaseStats p = r.phases().get(i);
        CapacityStepResult.Step s = i == 0 ? null : r.steps().get(i - 1);
        sb.append(String.join(",", r.protection().label(), p.name(), csvNum(p.serviceMillis()),
            csvNum(p.startMillis() / 1000), csvNum(p.endMillis() / 1000), csvNum(r.offeredPerSecond()),
            csvNum(p.capacityPerSecond()), String.valueOf(p.sent()), csvNum(p.goodputPerSecond()),
            csvNum(p.p50Millis()), csvNum(p.p99Millis()), csvNum(p.rejectedShare()), csvNum(p.timeoutShare()),
            csvNum(p.limitMedian()), csvNum(p.noLoadMillis()), String.valueOf(p.probes()),
            s == null ? "" : s.name(), s == null ? "" : csvNum(s.settleMillis() / 1000),
            s == null ? "" : csvNum(s.settleWithProbesMillis() / 1000), s == null ? "" : csvNum(s.limitBefore()),
            s == null ? "" : csvNum(s.limitAfter()))).append('\n');
      }
    }
    return sb.toString();
  }

  /** Every gate sample of every configuration. */
  static String timelineCsv(Run run) {
    StringBuilder sb = new StringBuilder("config,t_ms,limit,in_flight,queued,no_load_ms,probing\n");
    for (CapacityStepResult r : run.results()) {
      for (CapacityStepResult.Sample s : r.samples()) {
        sb.append(String.format(Locale.ROOT, "%s,%.1f,%d,%d,%d,%s,%b%n", r.protection().label(), s.atMillis(),
            s.limit(), s.inFlight(), s.queued(), csvNum(s.noLoadMillis()), s.probing()));
      }
    }
    return sb.toString();
  }

  /** Limit, goodput and p99 over time for one configuration, stacked. */
  static String plot(Run run, CapacityStepResult r) {
    double step1 = r.steps().get(0).atMillis() / 1000;
    double step2 = r.steps().get(1).atMillis() / 1000;
    double end = r.phases().get(r.phases().size() - 1).endMillis() / 1000;
    String label = r.protection().label();
    String color = Report.COLORS.getOrDefault(r.protection(), "#333333");

    int n = r.samples().size();
    double[] t = new double[n];
    double[] limit = new double[n];
    double[] inFlight = new double[n];
    double[] queued = new double[n];
    double yMax = 1;
    for (int i = 0; i < n; i++) {
      CapacityStepResult.Sample s = r.samples().get(i);
      t[i] = s.atMillis() / 1000;
      limit[i] = s.limit();
      inFlight[i] = s.inFlight();
      queued[i] = s.queued();
      yMax = Math.max(yMax, Math.max(s.limit(), s.inFlight() + 0.0));
    }
    SvgChart limits = new SvgChart(label + ": gate limit over time (server samples)", "seconds", "permits / requests",
        false, false).shade(step1, step2, "service time x2");
    if (n > 0) {
      limits.series("limit", color, t, limit).series("in flight", "#7f7f7f", t, inFlight)
          .series("queued", "#bcbd22", t, queued);
    } else {
      limits.series("(no gate to sample)", color, new double[] {0, end}, new double[] {Double.NaN, Double.NaN});
    }
    marks(limits, step1, step2, yMax);

    int w = r.windows().size();
    double[] wt = new double[w];
    double[] goodput = new double[w];
    double[] rejected = new double[w];
    double[] p99 = new double[w];
    double gMax = 1;
    double pMax = 1;
    for (int i = 0; i < w; i++) {
      CapacityStepResult.Window win = r.windows().get(i);
      wt[i] = (win.startMillis() + run.options().windowMillis() / 2.0) / 1000;
      goodput[i] = win.goodputPerSecond();
      rejected[i] = win.rejectedPerSecond();
      p99[i] = win.p99Millis();
      gMax = Math.max(gMax, Math.max(goodput[i], rejected[i]));
      if (Double.isFinite(p99[i])) {
        pMax = Math.max(pMax, p99[i]);
      }
    }
    double[] capT = {0, step1, step1, step2, step2, end};
    double c0 = run.capacityPerSecond()[0];
    double c1 = run.capacityPerSecond()[1];
    SvgChart goodputChart = new SvgChart(label + ": goodput per " + run.options().windowMillis() + " ms window",
        "seconds", "requests / s", false, false).shade(step1, step2, "service time x2")
        .series("goodput", color, wt, goodput).series("rejected", "#d62728", wt, rejected)
        .reference("capacity", "#444444", capT, new double[] {c0, c0, c1, c1, c0, c0});
    marks(goodputChart, step1, step2, gMax);
    SvgChart p99Chart = new SvgChart(label + ": p99 of successes per window", "seconds", "ms", false, false)
        .shade(step1, step2, "service time x2").series("p99", color, wt, p99);
    marks(p99Chart, step1, step2, pMax);
    return SvgChart.stack(900, 300, limits, goodputChart, p99Chart);
  }

  /** The two steps as dashed vertical lines. */
  private static void marks(SvgChart chart, double step1, double step2, double yMax) {
    chart.reference("step x2", "#000000", new double[] {step1, step1}, new double[] {0, yMax});
    chart.reference("step x0.5", "#555555", new double[] {step2, step2}, new double[] {0, yMax});
  }

  static String num(double d) {
    if (Double.isNaN(d)) {
      return "-";
    }
    return d == Math.rint(d) ? String.valueOf((long) d)
        : new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", d)).stripTrailingZeros().toPlainString();
  }

  private static String sec(double millis) {
    return Double.isNaN(millis) ? "never" : String.format(Locale.ROOT, "%.2f", millis / 1000);
  }

  private static String ms(double d) {
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.1f", d);
  }

  private static String csvNum(double d) {
    return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.4f", d);
  }
}
