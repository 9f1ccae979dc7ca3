package dev.pressure.bench.overload;

import dev.pressure.admission.Criticality;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The open-loop overload harness: for each workload it measures the endpoint's capacity,
 * then offers 0.5x to 10x that load to the same endpoint behind each protection in turn, in
 * one JVM and one run, and writes tables, a CSV and SVG plots.
 *
 * <p>Each cell is a fresh server and three phases: {@code before} at 0.5x capacity,
 * {@code overload} at the offered load (where the statistics are taken), {@code after} back
 * at 0.5x (where recovery is timed). Loads are the outer loop and configurations the inner
 * one, so a burst of noise from other processes hits every configuration alike.
 *
 * <p>{@code --scenarios} picks what is measured ({@link Scenario}): the {@code load} sweep
 * above, and at {@code --scenario-loads} (4x by default), on the workloads of
 * {@link HarnessOptions#scenarioWorkloads()}, the {@code priority} mix and the {@code deadline}
 * scenario, each a cell per configuration like the sweep's, with requests carrying
 * {@link RequestMarks}. They reuse the workload's capacity measured in the same run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.pressure.bench.overload.OverloadHarness --mode full --out docs/benchmarks
 * java -cp benchmarks/target/benchmarks.jar dev.pressure.bench.overload.OverloadHarness --mode full --scenarios priority
 * </pre>
 *
 * <p>Loopback only; every run is bounded by its phases and the client timeout.
 */
public final class OverloadHarness {

  private OverloadHarness() {}

  /**
   * Runs the harness and writes its report.
   *
   * @param args {@code --mode quick|full} and optional overrides, see {@link HarnessOptions#parse}
   * @throws Exception when a server cannot start or the report cannot be written
   */
  public static void main(String[] args) throws Exception {
    HarnessOptions options;
    try {
      options = HarnessOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: OverloadHarness --mode quick|full [--workloads resource,cpu,thread-pool] "
          + "[--configs none,pressure-gate,pressure-adaptive,concurrency-limits,jetty-qos] [--loads 0.5,1,2,4,10] [--out DIR] "
          + "[--queue-bound 1] [--timeout-ms 1000] [--scenarios load,priority,deadline] "
          + "[--scenario-loads 4]");
      System.exit(2);
      return;
    }
    HarnessResults results = run(options, System.out::println);
    Path written = Report.write(results, options.out());
    System.out.println("report: " + written);
  }

  /**
   * Runs every cell of {@code options}.
   *
   * @param options what to run
   * @param log progress lines
   * @return the results
   * @throws Exception when a server cannot start or the client fails
   */
  static HarnessResults run(HarnessOptions options, Consumer<String> log) throws Exception {
    long t0 = System.nanoTime();
    Environment env = Environment.capture();
    log.accept(String.format(Locale.ROOT, "pressure overload harness, %s mode: %d cores, load average %s, %s",
        options.mode(), env.processors(), env.loadAverage(), env.jdk()));
    Map<Workload, Capacity> capacities = new LinkedHashMap<>();
    Map<Workload, Double> baselines = new LinkedHashMap<>();
    List<CellResult> cells = new ArrayList<>();
    List<PriorityCell> priority = new ArrayList<>();
    List<DeadlineCell> deadline = new ArrayList<>();
    boolean sweep = options.scenarios().contains(Scenario.LOAD);
    for (Workload w : options.workloads()) {
      boolean marked = options.runsMarkedScenarios() && options.scenarioWorkloads().contains(w);
      if (!sweep && !marked) {
        continue;
      }
      if (!options.warmup().isZero()) {
        // JIT warm-up of every code path at the nominal capacity, before anything is measured.
        FixedCapacity fc = options.capacity(w);
        Capacity nominal = new Capacity(w, fc.concurrency(), fc.serviceNanos() / 1e6, fc.nominalCapacity(),
            fc.nominalCapacity(), fc.nominalCapacity(), Double.NaN, Double.NaN);
        for (Protection p : options.protections()) {
          runCell(options, w, p, 2.0, nominal, options.warmup(), options.warmup(), Duration.ofMillis(200),
              RequestMarks.NONE);
        }
      }
      Capacity cap = measureCapacity(options, w);
      capacities.put(w, cap);
      log.accept(String.format(Locale.ROOT,
          "%s: capacity %.0f/s measured (worst window %.0f/s; nominal %.0f/s), closed-loop p99 %.1f ms",
          w.label(), cap.perSecond(), cap.worstWindowPerSecond(), cap.nominalPerSecond(), cap.p99Millis()));
      List<CellResult> mine = new ArrayList<>();
      for (double load : sweep ? options.loadFactors() : List.<Double>of()) {
        for (Protection p : options.protections()) {
          CellResult cell = runCell(options, w, p, load, cap, options.before(), options.overload(), options.after(),
              RequestMarks.NONE).cell();
          mine.add(cell);
          log.accept(String.format(Locale.ROOT,
              "%s %-18s %5.1fx: goodput %6.0f/s (%3.0f%%), p99 %8.1f ms, rejected %5.1f%%, timeouts %5.1f%%",
              w.label(), p.label(), load, cell.goodputPerSecond(), 100 * cell.goodputShare(), cell.p99Millis(),
              100 * cell.rejectedShare(), 100 * cell.timeoutShare()));
        }
      }
      baselines.put(w, unloadedP99(mine));
      cells.addAll(mine);
      for (double load : marked ? options.scenarioLoads() : List.<Double>of()) {
        if (options.scenarios().contains(Scenario.PRIORITY)) {
          for (Protection p : options.protections()) {
            PriorityCell cell = priorityCell(options, w, p, load, cap);
            priority.add(cell);
            log.accept(String.format(Locale.ROOT,
                "%s %-18s %5.1fx priority: CRITICAL %5.1f%% of %d served, SHEDDABLE %5.1f%%, p99 %8.1f ms",
                w.label(), p.label(), load, 100 * cell.critical().goodputShare(), cell.critical().offered(),
                100 * cell.sheddable().goodputShare(), cell.cell().p99Millis()));
          }
        }
        if (options.scenarios().contains(Scenario.DEADLINE)) {
          for (Protection p : options.protections()) {
            DeadlineCell cell = deadlineCell(options, w, p, load, cap);
            deadline.add(cell);
            log.accept(String.format(Locale.ROOT,
                "%s %-18s %5.1fx deadline: wasted %5.1f%% of server time (%d of %d served), goodput %3.0f%%, "
                + "p99 %8.1f ms", w.label(), p.label(), load, 100 * cell.wasted().share(), cell.wasted().wasted(),
                cell.wasted().served(), 100 * cell.cell().goodputShare(), cell.cell().p99Millis()));
          }
        }
      }
    }
    return new HarnessResults(options, env, Environment.loadAverageNow(), capacities, baselines, cells,
        List.copyOf(priority), List.copyOf(deadline), (System.nanoTime() - t0) / 1e9);
  }

  /** One configuration in the priority scenario: the 20/80 mix, each class counted apart. */
  private static PriorityCell priorityCell(HarnessOptions o, Workload w, Protection p, double load, Capacity cap)
      throws Exception {
    Run run = runCell(o, w, p, load, cap, o.before(), o.overload(), o.after(), RequestMarks.PRIORITY_MIX);
    return new PriorityCell(run.cell(),
        ClassOutcome.of(run.recording(), Criticality.CRITICAL, run.overloadStart(), run.overloadEnd()),
        ClassOutcome.of(run.recording(), Criticality.SHEDDABLE, run.overloadStart(), run.overloadEnd()));
  }

  /** One configuration in the deadline scenario: deadlines in the header, the server's work logged. */
  private static DeadlineCell deadlineCell(HarnessOptions o, Workload w, Protection p, double load, Capacity cap)
      throws Exception {
    Run run = runCell(o, w, p, load, cap, o.before(), o.overload(), o.after(), RequestMarks.DEADLINES);
    return new DeadlineCell(run.cell(),
        WastedWork.of(run.serviceLog(), run.overloadStart(), run.overloadEnd(), o.timeout().toNanos()));
  }

  /**
   * The unloaded p99: the median of the p99s of every configuration's cell at the lowest load.
   * At 0.5x no protection acts, so those cells measure the same server; the median keeps one
   * disturbed cell (a pause of the machine) from setting every configuration's latency target.
   */
  private static double unloadedP99(List<CellResult> cells) {
    double lowest = Double.POSITIVE_INFINITY;
    for (CellResult c : cells) {
      lowest = Math.min(lowest, c.loadFactor());
    }
    List<Double> p99s = new ArrayList<>();
    for (CellResult c : cells) {
      if (c.loadFactor() == lowest && !Double.isNaN(c.p99Millis())) {
        p99s.add(c.p99Millis());
      }
    }
    if (p99s.isEmpty()) {
      return Double.NaN;
    }
    p99s.sort(null);
    int n = p99s.size();
    return n % 2 == 1 ? p99s.get(n / 2) : (p99s.get(n / 2 - 1) + p99s.get(n / 2)) / 2;
  }

  private static Capacity measureCapacity(HarnessOptions o, Workload w) throws Exception {
    FixedCapacity fc = o.capacity(w);
    try (BenchServer server = BenchServer.start(Protection.NONE, fc, o.queueBound())) {
      try (LoadClient client = o.newClient(server.address(), BenchServer.PATH, Duration.ofSeconds(30))) {
        // First contact, not timed: one round of requests, each waited for however long it takes.
        // In a cold JVM on loaded CPUs (quick mode has no warm-up) loading the client's and the
        // server's classes took longer than the whole warm-up window, and the capacity came out 0/s.
        client.runClosedLoop(fc.concurrency(), System.nanoTime() + 1_000_000L, (intended, end, status) -> { });
        long start = System.nanoTime();
        long from = start + o.capacityWarmup().toNanos();
        long to = from + o.capacityMeasure().toNanos();
        // Throughput per 1 s window (fewer, shorter ones in quick mode); capacity is the best
        // window: a closed loop cannot beat the true capacity, so a lower window is another
        // process taking the CPUs, which the report shows as the spread.
        int windows = (int) Math.max(1, Math.min(o.capacityMeasure().toSeconds(), 10));
        long windowNanos = (to - from) / windows;
        long[] perWindow = new long[windows];
        Histogram latency = new Histogram(1, 600_000_000L, 2);
        client.runClosedLoop(2 * fc.concurrency(), to, (intended, end, status) -> {
          if (status == 200 && end >= from && end < to) {
            perWindow[(int) Math.min(windows - 1, (end - from) / windowNanos)]++;
            latency.recordValue(Math.max(1, (end - intended) / 1000));
          }
        });
        double best = 0;
        double worst = Double.MAX_VALUE;
        for (long n : perWindow) {
          best = Math.max(best, n / (windowNanos / 1e9));
          worst = Math.min(worst, n / (windowNanos / 1e9));
        }
        return new Capacity(w, fc.concurrency(), fc.serviceNanos() / 1e6, fc.nominalCapacity(), best, worst,
            latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0);
      }
    }
  }

  /**
   * One cell's raw material: its result, the client's outcomes and the server's log (read after
   * the server stopped, so every finished service is in it).
   */
  private record Run(CellResult cell, CellRecording recording, ServiceLog serviceLog, long overloadStart,
      long overloadEnd) {}

  private static Run runCell(HarnessOptions o, Workload w, Protection p, double load, Capacity cap,
      Duration before, Duration overload, Duration after, RequestMarks marks) throws Exception {
    FixedCapacity fc = o.capacity(w);
    CellResult result;
    CellRecording rec = new CellRecording();
    ServiceLog serviceLog;
    long overloadStart;
    long overloadEnd;
    try (BenchServer server = BenchServer.start(p, fc, o.queueBound(), marks)) {
      serviceLog = server.serviceLog();
      try (LoadClient client = o.newClient(server.address(), BenchServer.PATH, o.timeout())) {
        client.mark(marks);
        double base = o.baseLoad() * cap.perSecond();
        double offered = load * cap.perSecond();
        List<Phase> phases = List.of(
            new Phase("before", base, before),
            new Phase("overload", offered, overload),
            new Phase("after", base, after));
        long start = System.nanoTime() + 20_000_000L;
        overloadStart = start + before.toNanos();
        overloadEnd = overloadStart + overload.toNanos();
        long end = overloadEnd + after.toNanos();
        client.runOpenLoop(start, phases, rec);
        result = CellResult.of(w, p, server.description(), load, offered, cap.perSecond(), rec, start,
            overloadStart, overloadEnd, end);
      }
    }
    return new Run(result, rec, serviceLog, overloadStart, overloadEnd);
  }
}
