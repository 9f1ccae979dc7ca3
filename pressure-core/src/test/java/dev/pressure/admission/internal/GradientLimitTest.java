package dev.pressure.admission.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.admission.AdaptiveLimitConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gradient limit on a simulated server with a fake clock. Settle time: after a step, the
 * first time from which the limit (outside probes, sampled every 10 ms) stays within 15% of
 * its median over the last 5 s of that phase. Measured values are printed
 * ({@code mvn -pl pressure-core test -Dtest=GradientLimitTest}).
 */
class GradientLimitTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long S = TimeUnit.SECONDS.toNanos(1);

  /** Limit samples outside probes: {time, limit}. */
  private record Point(long t, int limit) {}

  private static GradientLimit limit(SimulatedServer server, AdaptiveLimitConfig config) {
    GradientLimit l = new GradientLimit(config, server.clock::get, 7);
    server.attach(l);
    return l;
  }

  private static List<Point> run(SimulatedServer server, GradientLimit l, long durationNanos) {
    List<Point> trace = new ArrayList<>();
    long end = server.now() + durationNanos;
    while (server.now() < end) {
      server.runUntil(Math.min(end, server.now() + 10 * MS), () -> { });
      if (!l.probing()) {
        trace.add(new Point(server.now(), l.current()));
      }
    }
    return trace;
  }

  /** Seconds from the phase start until the limit stays within 15% of its final median. */
  private static double settleSeconds(List<Point> phase) {
    long start = phase.get(0).t();
    long last = phase.get(phase.size() - 1).t();
    List<Integer> tail = new ArrayList<>();
    for (Point p : phase) {
      if (p.t() >= last - 5 * S) {
        tail.add(p.limit());
      }
    }
    tail.sort(null);
    double median = tail.get(tail.size() / 2);
    long settled = start;
    for (Point p : phase) {
      if (Math.abs(p.limit() - median) > 0.15 * median) {
        settled = p.t();
      }
    }
    return (settled - start) / 1e9;
  }

  private static int median(List<Point> trace) {
    List<Integer> v = new ArrayList<>();
    trace.forEach(p -> v.add(p.limit()));
    v.sort(null);
    return v.get(v.size() / 2);
  }

  @Test
  void convergesFromTheStartToTheWorkersPlusHeadroomUnderOverload() {
    SimulatedServer server = new SimulatedServer(50, 10 * MS, 0);
    server.arrivalsPerSecond = 2 * server.capacity();
    GradientLimit l = limit(server, AdaptiveLimitConfig.DEFAULTS);
    List<Point> trace = run(server, l, 20 * S);
    double settle = settleSeconds(trace);
    int steady = median(trace.subList(trace.size() / 2, trace.size()));
    System.out.printf("start: settled in %.2f s at %d (50 workers)%n", settle, steady);
    assertThat(settle).isLessThan(5.0);
    assertThat(steady).isBetween(50, 75);
    assertThat(l.noLoadNanos()).isBetween(9 * MS, 11 * MS);
  }

  @Test
  void settlesWithinFiveSecondsWhenTheServiceTimeDoublesAndHalves() {
    SimulatedServer server = new SimulatedServer(50, 10 * MS, 0);
    server.arrivalsPerSecond = 4 * server.capacity();
    GradientLimit l = limit(server, AdaptiveLimitConfig.DEFAULTS);
    run(server, l, 20 * S);
    server.serviceNanos = 20 * MS; // capacity halves, offered load is now 8x
    List<Point> slow = run(server, l, 20 * S);
    long noLoadSlow = l.noLoadNanos();
    server.serviceNanos = 10 * MS;
    List<Point> fast = run(server, l, 20 * S);
    double up = settleSeconds(slow);
    double down = settleSeconds(fast);
    System.out.printf("service time x2: settled in %.2f s at %d; /2: settled in %.2f s at %d%n",
        up, median(slow.subList(slow.size() / 2, slow.size())), down,
        median(fast.subList(fast.size() / 2, fast.size())));
    assertThat(up).isLessThan(5.0);
    assertThat(down).isLessThan(5.0);
    assertThat(noLoadSlow).isBetween(18 * MS, 22 * MS);
    assertThat(l.noLoadNanos()).isBetween(9 * MS, 11 * MS);
    // The parallelism did not change, so neither does the right limit.
    assertThat(median(slow.subList(slow.size() / 2, slow.size()))).isBetween(50, 75);
  }

  @Test
  void settlesWithinFiveSecondsOnASlowServiceWithFewWorkers() {
    // The sample's /slow: 200 ms, a 12-thread pool; windows are 2 x 200 ms here.
    SimulatedServer server = new SimulatedServer(12, 200 * MS, 0);
    server.arrivalsPerSecond = 4 * server.capacity();
    GradientLimit l = limit(server, AdaptiveLimitConfig.DEFAULTS);
    List<Point> start = run(server, l, 30 * S);
    server.serviceNanos = 400 * MS;
    List<Point> slow = run(server, l, 30 * S);
    server.serviceNanos = 200 * MS;
    List<Point> fast = run(server, l, 30 * S);
    if (Boolean.getBoolean("trace")) {
      for (int i = 0; i < fast.size(); i += 10) {
        System.out.println("TRACE " + (fast.get(i).t() - fast.get(0).t()) / 1e9 + " " + fast.get(i).limit());
      }
    }
    System.out.printf("12 workers, 200 ms: start settled in %.2f s at %d; x2 in %.2f s at %d; /2 in %.2f s at %d%n",
        settleSeconds(start), median(start.subList(start.size() / 2, start.size())),
        settleSeconds(slow), median(slow.subList(slow.size() / 2, slow.size())),
        settleSeconds(fast), median(fast.subList(fast.size() / 2, fast.size())));
    assertThat(settleSeconds(start)).isLessThan(5.0);
    assertThat(settleSeconds(slow)).isLessThan(5.0);
    assertThat(settleSeconds(fast)).isLessThan(5.0);
    assertThat(median(fast.subList(fast.size() / 2, fast.size()))).isBetween(12, 24);
  }

  @Test
  void settlesWithinFiveSecondsWhenTheWorkersHalveAndDouble() {
    SimulatedServer server = new SimulatedServer(100, 10 * MS, 0);
    server.arrivalsPerSecond = 3 * server.capacity();
    GradientLimit l = limit(server, AdaptiveLimitConfig.DEFAULTS);
    run(server, l, 20 * S);
    server.setWorkers(50);
    List<Point> half = run(server, l, 20 * S);
    server.setWorkers(100);
    List<Point> full = run(server, l, 20 * S);
    double down = settleSeconds(half);
    double up = settleSeconds(full);
    int halfSteady = median(half.subList(half.size() / 2, half.size()));
    int fullSteady = median(full.subList(full.size() / 2, full.size()));
    System.out.printf("workers /2: settled in %.2f s at %d; x2: settled in %.2f s at %d%n",
        down, halfSteady, up, fullSteady);
    assertThat(down).isLessThan(5.0);
    assertThat(up).isLessThan(5.0);
    assertThat(halfSteady).isBetween(50, 75);
    assertThat(fullSteady).isBetween(100, 140);
  }

  @Test
  void noDriftOverTenMinutesOfSteadyModestOverload() {
    SimulatedServer server = new SimulatedServer(40, 10 * MS, 0);
    server.arrivalsPerSecond = 1.3 * server.capacity();
    GradientLimit l = limit(server, AdaptiveLimitConfig.DEFAULTS);
    run(server, l, 10 * S);
    long servedBefore = server.served;
    long t0 = server.now();
    long minNoLoad = Long.MAX_VALUE;
    long maxNoLoad = 0;
    List<Integer> minuteMedians = new ArrayList<>();
    for (int minute = 0; minute < 10; minute++) {
      List<Point> trace = new ArrayList<>();
      for (int second = 0; second < 60; second++) {
        trace.addAll(run(server, l, S));
        minNoLoad = Math.min(minNoLoad, l.noLoadNanos());
        maxNoLoad = Math.max(maxNoLoad, l.noLoadNanos());
      }
      minuteMedians.add(median(trace));
    }
    double goodput = (server.served - servedBefore) / ((server.now() - t0) / 1e9) / server.capacity();
    System.out.printf("10 min at 1.3x: limit medians per minute %s, no-load %.2f..%.2f ms, goodput %.3f of "
        + "capacity, %d probes%n", minuteMedians, minNoLoad / 1e6, maxNoLoad / 1e6, goodput, l.probes());
    assertThat(minuteMedians).allSatisfy(m -> assertThat(m).isBetween(40, 60));
    assertThat(Math.abs(minuteMedians.get(9) - minuteMedians.get(0))).isLessThanOrEqualTo(3);
    assertThat(minNoLoad).isGreaterThanOrEqualTo(8 * MS);
    assertThat(maxNoLoad).isLessThanOrEqualTo(11 * MS);
    assertThat(goodput).isGreaterThan(0.95);
  }

  @Test
  void probesNeverHoldTheLimitBelowHalfAndTakeLittleTime() {
    SimulatedServer server = new SimulatedServer(60, 20 * MS, 0);
    server.arrivalsPerSecond = 2 * server.capacity();
    GradientLimit l = limit(server, AdaptiveLimitConfig.DEFAULTS);
    run(server, l, 10 * S);
    int lowest = Integer.MAX_VALUE;
    long probingTicks = 0;
    long ticks = 0;
    long end = server.now() + 120 * S;
    while (server.now() < end) {
      server.runUntil(server.now() + MS, () -> { });
      ticks++;
      if (l.probing()) {
        probingTicks++;
        lowest = Math.min(lowest, l.current());
      }
    }
    System.out.printf("probes: %d in 120 s, probing %.2f%% of the time, lowest probe limit %d%n",
        l.probes(), 100.0 * probingTicks / ticks, lowest);
    assertThat(l.probes()).isGreaterThanOrEqualTo(8);
    assertThat(lowest).isGreaterThanOrEqualTo(30);
    assertThat((double) probingTicks / ticks).isLessThan(0.02);
  }

  @Test
  void holdsTheConfiguredBounds() {
    SimulatedServer small = new SimulatedServer(5, 10 * MS, 0);
    small.arrivalsPerSecond = 5 * small.capacity();
    GradientLimit floor = limit(small, AdaptiveLimitConfig.builder().minLimit(30).build());
    int lowest = Integer.MAX_VALUE;
    for (Point p : runAll(small, floor, 30 * S)) {
      lowest = Math.min(lowest, p.limit());
    }
    assertThat(lowest).isEqualTo(30);

    SimulatedServer big = new SimulatedServer(200, 10 * MS, 0);
    big.arrivalsPerSecond = 2 * big.capacity();
    GradientLimit ceiling = limit(big, AdaptiveLimitConfig.builder().maxLimit(40).build());
    int highest = 0;
    for (Point p : runAll(big, ceiling, 30 * S)) {
      highest = Math.max(highest, p.limit());
    }
    assertThat(highest).isEqualTo(40);
  }

  /** Every 1 ms, probes included. */
  private static List<Point> runAll(SimulatedServer server, GradientLimit l, long durationNanos) {
    List<Point> trace = new ArrayList<>();
    long end = server.now() + durationNanos;
    while (server.now() < end) {
      server.runUntil(server.now() + MS, () -> { });
      trace.add(new Point(server.now(), l.current()));
    }
    return trace;
  }

  @Test
  void doesNotGrowWhenTheLimitIsNotUsed() {
    SimulatedServer server = new SimulatedServer(100, 10 * MS, 0);
    server.arrivalsPerSecond = 0.05 * server.capacity(); // about 5 in flight
    GradientLimit l = limit(server, AdaptiveLimitConfig.DEFAULTS);
    int highest = 0;
    for (Point p : runAll(server, l, 60 * S)) {
      highest = Math.max(highest, p.limit());
    }
    assertThat(server.refused).isZero();
    assertThat(highest).isLessThanOrEqualTo(Math.max(AdaptiveLimitConfig.DEFAULT_INITIAL_LIMIT,
        2 * server.peakInFlight + 1));
  }

  @Test
  void concurrentSamplesKeepTheLimitInItsBounds() throws InterruptedException {
    AdaptiveLimitConfig config = AdaptiveLimitConfig.builder().minLimit(5).maxLimit(50).build();
    GradientLimit l = new GradientLimit(config, System::nanoTime, 7);
    java.util.concurrent.atomic.AtomicInteger outside = new java.util.concurrent.atomic.AtomicInteger();
    Thread[] threads = new Thread[4];
    for (int i = 0; i < threads.length; i++) {
      int id = i;
      threads[i] = new Thread(() -> {
        for (int k = 0; k < 200_000; k++) {
          l.onSample(System.nanoTime(), (k % 50 + id) * 100_000L, k % 60, k % 97 == 0);
          int c = l.current();
          if (c < 5 || c > 50) {
            outside.incrementAndGet();
          }
        }
      });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(outside.get()).isZero();
    assertThat(l.updates()).isPositive();
  }

  @Test
  void backsOffOnDrops() {
    SimulatedServer server = new SimulatedServer(100, 10 * MS, 0);
    GradientLimit l = new GradientLimit(AdaptiveLimitConfig.DEFAULTS, server.clock::get, 7);
    int before = l.current();
    for (int i = 0; i < 200; i++) {
      server.clock.addAndGet(MS);
      l.onSample(server.now(), 10 * MS, before, true);
    }
    assertThat(l.current()).isLessThan(before);
    assertThat(l.current()).isGreaterThanOrEqualTo(AdaptiveLimitConfig.DEFAULT_MIN_LIMIT);
  }

  @Test
  void ignoresNegativeLatencies() {
    SimulatedServer server = new SimulatedServer(1, MS, 0);
    GradientLimit l = new GradientLimit(AdaptiveLimitConfig.DEFAULTS, server.clock::get, 7);
    for (int i = 0; i < 100; i++) {
      server.clock.addAndGet(MS);
      l.onSample(server.now(), -5, 1, false);
    }
    assertThat(l.updates()).isZero();
    assertThat(l.current()).isEqualTo(AdaptiveLimitConfig.DEFAULT_INITIAL_LIMIT);
  }
}
