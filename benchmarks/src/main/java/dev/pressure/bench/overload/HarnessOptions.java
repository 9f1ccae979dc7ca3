package dev.pressure.bench.overload;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one harness run does. {@link #quick()} and {@link #full()} are the two documented
 * modes; command-line flags override single values.
 *
 * <p>Immutable; thread-safe.
 *
 * @param mode "quick" or "full"
 * @param workloads the workloads, each measured separately
 * @param protections the configurations compared in each workload
 * @param loadFactors offered loads as multiples of the measured capacity
 * @param before the phase before the overload, at {@link #baseLoad()} (lets each server settle)
 * @param overload the phase at the offered load, where the statistics are taken
 * @param after the phase after, back at {@link #baseLoad()} (recovery is measured here)
 * @param baseLoad the load before and after, as a multiple of capacity
 * @param capacityWarmup closed-loop warm-up before the capacity measurement
 * @param capacityMeasure closed-loop capacity measurement
 * @param warmup per configuration, at 2x nominal capacity, before a workload is measured (JIT warm-up; not reported)
 * @param timeout how long a client waits, counted from the intended send time
 * @param queueBound q: waiting requests per slot every protection allows
 * @param resourceConcurrency slots of the constrained resource
 * @param resourceService how long a request holds a resource slot
 * @param cpuConcurrency slots of the CPU workload (default: available processors)
 * @param cpuService CPU time one request burns
 * @param maxConnections the most connections the client opens
 * @param out where results, tables and plots are written
 * @param scenarios what to measure: the {@link Scenario#LOAD load} sweep over {@code loadFactors},
 *     and the {@link Scenario#PRIORITY priority} and {@link Scenario#DEADLINE deadline} scenarios
 *     over {@code scenarioLoads}
 * @param scenarioLoads offered loads of the priority and deadline scenarios, multiples of capacity
 */
record HarnessOptions(
    String mode,
    List<Workload> workloads,
    List<Protection> protections,
    List<Double> loadFactors,
    Duration before,
    Duration overload,
    Duration after,
    double baseLoad,
    Duration capacityWarmup,
    Duration capacityMeasure,
    Duration warmup,
    Duration timeout,
    double queueBound,
    int resourceConcurrency,
    Duration resourceService,
    int cpuConcurrency,
    Duration cpuService,
    int maxConnections,
    Path out,
    List<Scenario> scenarios,
    List<Double> scenarioLoads) {

  /**
   * The published run: every scenario, workload, configuration and load; about 19 minutes on 2
   * cores (the load sweep about 14, the priority and deadline scenarios at 4x about 5).
   */
  static HarnessOptions full() {
    return new HarnessOptions("full", List.of(Workload.values()), List.of(Protection.values()),
        List.of(0.5, 1.0, 2.0, 4.0, 10.0), Duration.ofMillis(1500), Duration.ofSeconds(5), Duration.ofSeconds(4),
        0.5, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(2), Duration.ofSeconds(1), 1.0,
        4, Duration.ofMillis(20), Runtime.getRuntime().availableProcessors(), Duration.ofMillis(10), 4000,
        Paths.get("benchmarks/target/overload"), List.of(Scenario.values()), List.of(4.0));
  }

  /** A smoke run: the same matrix, phases of a fraction of a second; about 2 minutes for everything. */
  static HarnessOptions quick() {
    return new HarnessOptions("quick", List.of(Workload.values()), List.of(Protection.values()),
        List.of(0.5, 1.0, 2.0, 4.0, 10.0), Duration.ofMillis(300), Duration.ofMillis(1000), Duration.ofMillis(700),
        0.5, Duration.ofMillis(200), Duration.ofMillis(500), Duration.ZERO, Duration.ofSeconds(1), 1.0,
        4, Duration.ofMillis(20), Runtime.getRuntime().availableProcessors(), Duration.ofMillis(10), 4000,
        Paths.get("benchmarks/target/overload"), List.of(Scenario.values()), List.of(4.0));
  }

  /**
   * Parses the command line: {@code --mode quick|full} picks the defaults, then
   * {@code --workloads}, {@code --configs}, {@code --loads}, {@code --scenarios},
   * {@code --scenario-loads} (comma-separated), {@code --out}, {@code --queue-bound},
   * {@code --timeout-ms} override them.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException {@code <flag>: <allowed>. Found: <value>}
   */
  static HarnessOptions parse(String... args) {
    HarnessOptions o = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--mode")) {
        o = switch (args[i + 1]) {
          case "quick" -> quick();
          case "full" -> full();
          default -> throw new IllegalArgumentException("--mode: quick or full. Found: " + args[i + 1]);
        };
      }
    }
    if (o == null) {
      throw new IllegalArgumentException("--mode: quick or full. Found: nothing");
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("arguments: --flag value pairs. Found: " + String.join(" ", args));
    }
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--mode" -> { }
        case "--workloads" -> o = o.with(split(v).stream().map(Workload::parse).toList(), null, null, null, null, null);
        case "--configs" -> o = o.with(null, split(v).stream().map(Protection::parse).toList(), null, null, null, null);
        case "--loads" -> o = o.with(null, null, split(v).stream().map(s -> positive("--loads", s)).toList(),
            null, null, null);
        case "--out" -> o = o.with(null, null, null, Paths.get(v), null, null);
        case "--queue-bound" -> o = o.with(null, null, null, null, positive("--queue-bound", v), null);
        case "--timeout-ms" -> o = o.with(null, null, null, null, null,
            Duration.ofMillis((long) positive("--timeout-ms", v)));
        case "--scenarios" -> o = o.withScenarios(split(v).stream().map(Scenario::parse).toList(), null);
        case "--scenario-loads" -> o = o.withScenarios(null,
            split(v).stream().map(s -> positive("--scenario-loads", s)).toList());
        default -> throw new IllegalArgumentException("arguments: --mode, --workloads, --configs, --loads, --out, "
            + "--queue-bound, --timeout-ms, --scenarios, --scenario-loads. Found: " + args[i]);
      }
    }
    return o;
  }

  /**
   * A copy with some values replaced (null keeps the current one).
   *
   * @return the new options
   */
  HarnessOptions with(List<Workload> w, List<Protection> p, List<Double> loads, Path outDir, Double q, Duration t) {
    return new HarnessOptions(mode, w != null ? w : workloads, p != null ? p : protections,
        loads != null ? loads : loadFactors, before, overload, after, baseLoad, capacityWarmup, capacityMeasure,
        warmup, t != null ? t : timeout, q != null ? q : queueBound, resourceConcurrency, resourceService,
        cpuConcurrency, cpuService, maxConnections, outDir != null ? outDir : out, scenarios, scenarioLoads);
  }

  /**
   * A copy with other scenarios (null keeps the current value).
   *
   * @param s the scenarios
   * @param loads the offered loads of the priority and deadline scenarios
   * @return the new options
   */
  HarnessOptions withScenarios(List<Scenario> s, List<Double> loads) {
    return new HarnessOptions(mode, workloads, protections, loadFactors, before, overload, after, baseLoad,
        capacityWarmup, capacityMeasure, warmup, timeout, queueBound, resourceConcurrency, resourceService,
        cpuConcurrency, cpuService, maxConnections, out, s != null ? List.copyOf(s) : scenarios,
        loads != null ? List.copyOf(loads) : scenarioLoads);
  }

  /**
   * The workloads the priority and deadline scenarios run on: {@link Workload#RESOURCE}, where
   * the queue forms behind the filter so a protection can act on every request, and
   * {@link Workload#THREAD_POOL}, what most users run, where the queue forms in the container's
   * pool before any filter (a protection acts only when a pool thread is free, so its priority
   * and its deadline check see a request late). Not {@link Workload#CPU}: the generator shares
   * those cores, so the server's service times there include the client's CPU use, and it adds
   * no case the other two do not cover.
   *
   * @return those of {@link #workloads()} the scenarios use, in order
   */
  List<Workload> scenarioWorkloads() {
    return workloads.stream().filter(w -> w != Workload.CPU).toList();
  }

  /** @return whether the priority or deadline scenario is run */
  boolean runsMarkedScenarios() {
    return scenarios.contains(Scenario.PRIORITY) || scenarios.contains(Scenario.DEADLINE);
  }

  /**
   * The load generator for one server: Jetty's asynchronous client ({@link JettyLoadClient}).
   *
   * @param address the server
   * @param path the request path
   * @param clientTimeout the client's timeout from the intended send time
   * @return a new client; close it after the run
   */
  LoadClient newClient(java.net.InetSocketAddress address, String path, Duration clientTimeout) {
    return new JettyLoadClient(address, path, clientTimeout, maxConnections);
  }

  /**
   * A copy with other phase lengths, for tests that need a run of a few seconds.
   *
   * @return the new options
   */
  HarnessOptions withPhases(Duration b, Duration o, Duration a, Duration capWarmup, Duration capMeasure) {
    return new HarnessOptions(mode, workloads, protections, loadFactors, b, o, a, baseLoad, capWarmup, capMeasure,
        Duration.ZERO, timeout, queueBound, resourceConcurrency, resourceService, cpuConcurrency, cpuService,
        maxConnections, out, scenarios, scenarioLoads);
  }

  /**
   * Request threads of the {@code thread-pool} workload that a protection may fill; the pool has
   * {@link BenchServer#SPARE_THREADS} more. 39 threads of 200 ms: the same 200/s nominal capacity
   * as {@code resource}, with a pool large enough that one spare thread costs under 3% of it.
   */
  static final int THREAD_POOL_PERMITS = 39;
  /** Service time of the {@code thread-pool} workload. */
  static final Duration THREAD_POOL_SERVICE = Duration.ofMillis(200);

  /** @return the endpoint's bottleneck for a workload */
  FixedCapacity capacity(Workload w) {
    return switch (w) {
      case RESOURCE -> new FixedCapacity(w, resourceConcurrency, resourceService);
      case CPU -> new FixedCapacity(w, cpuConcurrency, cpuService);
      case THREAD_POOL -> new FixedCapacity(w, THREAD_POOL_PERMITS, THREAD_POOL_SERVICE);
    };
  }

  private static List<String> split(String v) {
    List<String> parts = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        parts.add(s.trim());
      }
    }
    return parts;
  }

  private static double positive(String flag, String v) {
    try {
      double d = Double.parseDouble(v);
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + ": a number > 0. Found: " + v);
  }
}
