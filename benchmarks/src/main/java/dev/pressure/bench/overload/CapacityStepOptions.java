package dev.pressure.bench.overload;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@link CapacityStep} run does. {@link #quick()} and {@link #full()} are the two
 * documented modes; flags override single values.
 *
 * <p>Immutable; thread-safe.
 *
 * @param mode "quick" or "full"
 * @param protections the configurations, each in its own fresh server
 * @param loadFactor the constant offered load, as a multiple of the capacity measured at the base service time
 * @param phase how long each of the three phases (base, doubled, base again) lasts
 * @param warmup per configuration, at the offered load and base service time, before its run (JIT; not reported)
 * @param capacityWarmup closed-loop warm-up before the capacity measurement
 * @param capacityMeasure closed-loop capacity measurement
 * @param sampleEvery how often the server-side sampler reads the gate
 * @param windowMillis width of a client-side window (goodput, p99 of successes)
 * @param concurrency slots of the resource workload
 * @param baseService the base service time (the middle phase runs at twice this)
 * @param queueBound q: waiting requests per slot, as in the overload harness
 * @param timeout how long a client waits, counted from the intended send time
 * @param out where the report goes
 */
record CapacityStepOptions(
    String mode,
    List<Protection> protections,
    double loadFactor,
    Duration phase,
    Duration warmup,
    Duration capacityWarmup,
    Duration capacityMeasure,
    Duration sampleEvery,
    int windowMillis,
    int concurrency,
    Duration baseService,
    double queueBound,
    Duration timeout,
    Path out) {

  /** Where the report goes unless {@code --out} says otherwise. */
  static final Path DEFAULT_OUT = Paths.get("benchmarks/target/capacity-step");
  /** The most connections the client opens (as the overload harness). */
  static final int MAX_CONNECTIONS = 4000;

  /** The published run: 3 x 10 s per configuration, 2 configurations; about 80 s. */
  static CapacityStepOptions full() {
    return new CapacityStepOptions("full", List.of(Protection.PRESSURE_ADAPTIVE, Protection.PRESSURE_GATE), 2.0,
        Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(3),
        Duration.ofMillis(50), 250, 4, Duration.ofMillis(20), 1.0, Duration.ofSeconds(1), DEFAULT_OUT);
  }

  /**
   * A smoke run: 3 x 1.5 s per configuration, no JIT warm-up; about 13 s. The capacity's
   * closed-loop warm-up is 600 ms: in a cold JVM the client's first requests load its classes
   * (the overload harness once measured 0/s after 100 ms).
   */
  static CapacityStepOptions quick() {
    return new CapacityStepOptions("quick", List.of(Protection.PRESSURE_ADAPTIVE, Protection.PRESSURE_GATE), 2.0,
        Duration.ofMillis(1500), Duration.ZERO, Duration.ofMillis(600), Duration.ofMillis(500),
        Duration.ofMillis(50), 250, 4, Duration.ofMillis(20), 1.0, Duration.ofSeconds(1), DEFAULT_OUT);
  }

  /**
   * Parses the command line: {@code --mode quick|full} picks the defaults, then {@code --out},
   * {@code --configs} (comma-separated), {@code --load}, {@code --phase-ms} and {@code --queue-bound}
   * (0: no gate queue) override them.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException {@code <flag>: <allowed>. Found: <value>}
   */
  static CapacityStepOptions parse(String... args) {
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException("arguments: --flag value pairs. Found: " + String.join(" ", args));
    }
    CapacityStepOptions o = null;
    for (int i = 0; i < args.length; i += 2) {
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
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--mode" -> { }
        case "--out" -> o = o.withOut(Paths.get(v));
        case "--configs" -> o = o.withProtections(protections(v));
        case "--load" -> o = o.withLoad(positive("--load", v));
        case "--phase-ms" -> o = o.withPhase(Duration.ofMillis((long) positive("--phase-ms", v)));
        case "--queue-bound" -> o = o.withQueueBound(nonNegative("--queue-bound", v));
        default -> throw new IllegalArgumentException("arguments: --mode, --out, --configs, --load, --phase-ms, "
            + "--queue-bound. Found: " + args[i]);
      }
    }
    return o;
  }

  /** @return a copy writing to {@code dir} */
  CapacityStepOptions withOut(Path dir) {
    return new CapacityStepOptions(mode, protections, loadFactor, phase, warmup, capacityWarmup, capacityMeasure,
        sampleEvery, windowMillis, concurrency, baseService, queueBound, timeout, dir);
  }

  /** @return a copy running these configurations */
  CapacityStepOptions withProtections(List<Protection> p) {
    return new CapacityStepOptions(mode, List.copyOf(p), loadFactor, phase, warmup, capacityWarmup, capacityMeasure,
        sampleEvery, windowMillis, concurrency, baseService, queueBound, timeout, out);
  }

  /** @return a copy offering {@code factor} x capacity */
  CapacityStepOptions withLoad(double factor) {
    return new CapacityStepOptions(mode, protections, factor, phase, warmup, capacityWarmup, capacityMeasure,
        sampleEvery, windowMillis, concurrency, baseService, queueBound, timeout, out);
  }

  /** @return a copy with phases of {@code p} each */
  CapacityStepOptions withPhase(Duration p) {
    return new CapacityStepOptions(mode, protections, loadFactor, p, warmup, capacityWarmup, capacityMeasure,
        sampleEvery, windowMillis, concurrency, baseService, queueBound, timeout, out);
  }

  /** @return a copy allowing {@code q} waiting requests per slot (0: the gates queue nothing) */
  CapacityStepOptions withQueueBound(double q) {
    return new CapacityStepOptions(mode, protections, loadFactor, phase, warmup, capacityWarmup, capacityMeasure,
        sampleEvery, windowMillis, concurrency, baseService, q, timeout, out);
  }

  /** @return the doubled service time of the middle phase */
  Duration doubledService() {
    return baseService.multipliedBy(2);
  }

  private static List<Protection> protections(String v) {
    List<Protection> list = new ArrayList<>();
    for (String s : v.split(",")) {
      if (s.isBlank()) {
        continue;
      }
      try {
        list.add(Protection.parse(s.trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--configs: pressure-adaptive, pressure-gate, none, concurrency-limits, jetty-qos. Found: " + s.trim());
      }
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException(
          "--configs: pressure-adaptive, pressure-gate, none, concurrency-limits, jetty-qos. Found: " + v);
    }
    return list;
  }

  private static double nonNegative(String flag, String v) {
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(flag + ": a number >= 0. Found: " + v);
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
