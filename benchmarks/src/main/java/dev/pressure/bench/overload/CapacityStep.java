package dev.pressure.bench.overload;

import dev.pressure.admission.AdaptiveLimit;
import dev.pressure.admission.AdmissionGate;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The capacity-step scenario of issue 17: on the {@code resource} workload (4 slots, 20 ms), a
 * constant open-loop load while the service time doubles mid-run and later halves again; how
 * long the adaptive limit takes to settle after each step (see {@link CapacityStepResult} for
 * "settled"), against the static gate, whose limit cannot move and whose goodput and p99 after
 * each step are the comparison.
 *
 * <p>Each configuration runs in its own fresh server: three phases of equal length at the same
 * offered rate, the service time base, doubled, base. The service time is switched on the
 * server by a scheduler thread, which also samples the gate's limit, in-flight and queued
 * count (and the adaptive limit's no-load estimate and probe state) every
 * {@link CapacityStepOptions#sampleEvery()}; the client records every outcome, from which the
 * per-window goodput and p99 of successes are computed.
 *
 * <p><b>Offered load: 2x the capacity measured at the base service time</b> (a closed loop of 2c
 * through the unprotected server, as the overload harness measures it). That is 2x overload
 * before the step and 4x after it (the capacity halves), so every configuration sheds in every
 * phase and the limit, not the arrival rate, decides how much work is in flight; below 1x
 * before the step the adaptive limit has no queue to measure, and the step would show only if
 * it pushed the load over capacity.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.pressure.bench.overload.CapacityStep --mode full --out benchmarks/target/capacity-step
 * </pre>
 *
 * <p>Loopback only; every run is bounded by its phases and the client timeout.
 */
public final class CapacityStep {

  /** The three phases' names. */
  static final String[] PHASES = {"base", "doubled", "base-again"};

  private CapacityStep() {}

  /**
   * Runs the scenario and writes its report.
   *
   * @param args {@code --mode quick|full} and optional overrides, see {@link CapacityStepOptions#parse}
   * @throws Exception when a server cannot start or the report cannot be written
   */
  public static void main(String[] args) throws Exception {
    CapacityStepOptions options;
    try {
      options = CapacityStepOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: CapacityStep --mode quick|full [--out DIR] "
          + "[--configs pressure-adaptive,pressure-gate,none,concurrency-limits,jetty-qos] [--load 2] [--phase-ms 10000]");
      System.exit(2);
      return;
    }
    CapacityStepReport.Run run = run(options, System.out::println);
    Path written = CapacityStepReport.write(run, options.out());
    System.out.println("report: " + written);
  }

  /**
   * Measures the capacity at both service times, then runs every configuration.
   *
   * @param o what to run
   * @param log progress lines
   * @return the results
   * @throws Exception when a server cannot start or the client fails
   */
  static CapacityStepReport.Run run(CapacityStepOptions o, Consumer<String> log) throws Exception {
    long t0 = System.nanoTime();
    Environment env = Environment.capture();
    log.accept(String.format(Locale.ROOT, "pressure capacity step, %s mode: %d cores, load average %s, %s",
        o.mode(), env.processors(), env.loadAverage(), env.jdk()));
    if (!o.warmup().isZero()) {
      double nominal = o.concurrency() * 1e9 / o.baseService().toNanos();
      for (Protection p : o.protections()) {
        runOne(o, p, o.loadFactor() * nominal, new double[] {nominal, nominal / 2}, o.warmup().dividedBy(3));
      }
    }
    double[] capacity = measureCapacity(o);
    log.accept(String.format(Locale.ROOT, "capacity %.0f/s at %d ms, %.0f/s at %d ms (nominal %.0f/s, %.0f/s)",
        capacity[0], o.baseService().toMillis(), capacity[1], o.doubledService().toMillis(),
        o.concurrency() * 1e9 / o.baseService().toNanos(), o.concurrency() * 1e9 / o.doubledService().toNanos()));
    if (!(capacity[0] > 0) || !(capacity[1] > 0)) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "capacity: a measured rate > 0 at both service times. Found: %.0f/s and %.0f/s (load average %s)",
          capacity[0], capacity[1], Environment.loadAverageNow()));
    }
    double offered = o.loadFactor() * capacity[0];
    List<CapacityStepResult> results = new ArrayList<>();
    for (Protection p : o.protections()) {
      CapacityStepResult r = runOne(o, p, offered, capacity, o.phase());
      results.add(r);
      for (CapacityStepResult.Step s : r.steps()) {
        log.accept(String.format(Locale.ROOT, "%-18s step %-4s: settle %s (with probes %s), limit %s -> %s",
            p.label(), s.name(), seconds(s.settleMillis()), seconds(s.settleWithProbesMillis()),
            CapacityStepReport.num(s.limitBefore()), CapacityStepReport.num(s.limitAfter())));
      }
      for (CapacityStepResult.PhaseStats ph : r.phases()) {
        log.accept(String.format(Locale.ROOT, "%-18s %-10s: goodput %5.0f/s of %5.0f/s, p99 %7.1f ms, rejected %4.1f%%",
            p.label(), ph.name(), ph.goodputPerSecond(), ph.capacityPerSecond(), ph.p99Millis(),
            100 * ph.rejectedShare()));
      }
    }
    return new CapacityStepReport.Run(o, env, Environment.loadAverageNow(), capacity, offered, results,
        (System.nanoTime() - t0) / 1e9);
  }

  private static String seconds(double millis) {
    return Double.isNaN(millis) ? "never" : String.format(Locale.ROOT, "%.2f s", millis / 1000);
  }

  /** Closed loop of 2c through the unprotected server, at the base service time and then the doubled one. */
  private static double[] measureCapacity(CapacityStepOptions o) throws Exception {
    FixedCapacity fc = new FixedCapacity(Workload.RESOURCE, o.concurrency(), o.baseService());
    double[] perSecond = new double[2];
    try (BenchServer server = BenchServer.start(Protection.NONE, fc, o.queueBound());
        LoadClient client = new JettyLoadClient(server.address(), BenchServer.PATH, Duration.ofSeconds(30),
            CapacityStepOptions.MAX_CONNECTIONS)) {
      for (int i = 0; i < 2; i++) {
        fc.serviceTime(i == 0 ? o.baseService() : o.doubledService());
        long from = System.nanoTime() + o.capacityWarmup().toNanos();
        long to = from + o.capacityMeasure().toNanos();
        long[] ok = new long[1];
        client.runClosedLoop(2 * o.concurrency(), to, (intended, end, status) -> {
          if (status == 200 && end >= from && end < to) {
            ok[0]++;
          }
        });
        perSecond[i] = ok[0] / (o.capacityMeasure().toNanos() / 1e9);
      }
    }
    return perSecond;
  }

  /** One configuration in a fresh server: three phases of {@code phase} each, the service time base, x2, base. */
  private static CapacityStepResult runOne(CapacityStepOptions o, Protection p, double offered, double[] capacity,
      Duration phase) throws Exception {
    FixedCapacity fc = new FixedCapacity(Workload.RESOURCE, o.concurrency(), o.baseService());
    try (BenchServer server = BenchServer.start(p, fc, o.queueBound());
        LoadClient client = new JettyLoadClient(server.address(), BenchServer.PATH, o.timeout(),
            CapacityStepOptions.MAX_CONNECTIONS)) {
      AdmissionGate gate = server.gate();
      AdaptiveLimit adaptive = adaptiveLimitOf(gate);
      List<Phase> phases = new ArrayList<>();
      for (String name : PHASES) {
        phases.add(new Phase(name, offered, phase));
      }
      CellRecording rec = new CellRecording();
      long start = System.nanoTime() + 50_000_000L;
      long[] stepNanos = new long[2];
      List<CapacityStepResult.Sample> samples = new ArrayList<>();
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capacity-step-sampler");
        t.setDaemon(true);
        return t;
      });
      try {
        for (int i = 0; i < 2; i++) {
          int step = i;
          Duration service = i == 0 ? o.doubledService() : o.baseService();
          scheduler.schedule(() -> {
            fc.serviceTime(service);
            stepNanos[step] = System.nanoTime();
          }, start + (i + 1) * phase.toNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        if (gate != null) {
          scheduler.scheduleAtFixedRate(() -> samples.add(sample(gate, adaptive, start)),
              start - System.nanoTime(), o.sampleEvery().toNanos(), TimeUnit.NANOSECONDS);
        }
        client.runOpenLoop(start, phases, rec);
      } finally {
        scheduler.shutdownNow();
        if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the sampler did not stop");
        }
      }
      // Every outcome is in; samples and step times were written by the (now stopped) scheduler.
      long end = start + 3 * phase.toNanos();
      List<CapacityStepResult.Sample> upToEnd = samples.stream()
          .filter(s -> s.atMillis() < (end - start) / 1e6).toList();
      double[] boundaries = {0, stepMillis(stepNanos[0], start, phase, 1), stepMillis(stepNanos[1], start, phase, 2),
          (end - start) / 1e6};
      double[] service = {o.baseService().toNanos() / 1e6, o.doubledService().toNanos() / 1e6,
          o.baseService().toNanos() / 1e6};
      double[] caps = {capacity[0], capacity[1], capacity[0]};
      return CapacityStepResult.of(p, server.description(), offered, rec, start, boundaries, PHASES, service, caps,
          upToEnd, o.windowMillis());
    }
  }

  private static double stepMillis(long at, long start, Duration phase, int k) {
    // A step that did not run (cannot happen unless the scheduler died) falls back to the plan.
    return at == 0 ? k * phase.toNanos() / 1e6 : (at - start) / 1e6;
  }

  private static CapacityStepResult.Sample sample(AdmissionGate gate, AdaptiveLimit adaptive, long start) {
    long now = System.nanoTime();
    return new CapacityStepResult.Sample((now - start) / 1e6, gate.limit(), gate.inFlight(), gate.queued(),
        adaptive == null ? Double.NaN : adaptive.noLoadRttNanos() / 1e6, adaptive != null && adaptive.probing());
  }

  /**
   * The gate's adaptive limit, for its no-load estimate and probe state. The gate does not hand
   * out its limit, so this reads the private field of pressure-core's gate by reflection (the
   * benchmarks run on the class path); null for a fixed limit, or when the field is not there.
   *
   * @param gate a gate, or null
   * @return its adaptive limit, or null
   */
  static AdaptiveLimit adaptiveLimitOf(AdmissionGate gate) {
    if (gate == null) {
      return null;
    }
    try {
      Field f = gate.getClass().getDeclaredField("limit");
      f.setAccessible(true);
      return f.get(gate) instanceof AdaptiveLimit a ? a : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
