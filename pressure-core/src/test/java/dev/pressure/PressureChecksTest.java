package dev.pressure;

import dev.pressure.internal.JvmSources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each signal against controlled input, under-pressure's check order and "0 disables". */
class PressureChecksTest {

  private static final long MIB = 1L << 20;

  @TempDir
  Path dir;
  private MonitorFixture f;

  private MonitorFixture fixture() {
    f = new MonitorFixture(dir);
    return f;
  }

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void eachSignalIsMeasuredFromItsSource() {
    MonitorFixture f = fixture();
    PressureMonitor m = f.build(b -> b.signal("queue", () -> 2.5));
    f.heapUsed.set(123_456_789);
    f.heapAfterGc.set(100_000_000);
    f.rssKiB(2048);
    f.clock.advance(Duration.ofMillis(980));
    f.cpuNanos.addAndGet(250_000_000);
    f.nextLagNanos = 7_000_000;
    m.recordLatency(Duration.ofMillis(200).toNanos());
    PressureSnapshot s = f.sample(m); // the tick adds 10 ms + 7 ms lag: one second of wall time, almost

    assertThat(s.sequence()).isEqualTo(1);
    assertThat(s.timestampNanos()).isEqualTo(f.clock.getAsLong());
    assertThat(s.eventLoopDelayMillis()).isEqualTo(7.0);
    assertThat(s.eventLoopUtilization()).isCloseTo(0.25 / 0.997, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.heapUsedBytes()).isEqualTo(123_456_789);
    assertThat(s.heapAfterGcBytes()).isEqualTo(100_000_000);
    assertThat(s.rssBytes()).isEqualTo(2 * MIB);
    assertThat(s.latencyMillis()).isCloseTo(200, org.assertj.core.data.Percentage.withPercentage(0.4));
    assertThat(s.signals()).containsEntry("queue", 2.5);
    assertThat(s.failures()).isEmpty();
    assertThat(s.healthy()).isTrue();
    assertThat(s.value(PressureType.HEAP_USED_BYTES)).isEqualTo(123_456_789);
    assertThat(s.value(PressureType.signal("queue"))).isEqualTo(2.5);
  }

  @Test
  void heapAfterGcIsComparedWhenAskedAndHeapUsedBeforeTheFirstGc() {
    MonitorFixture f = fixture();
    PressureMonitor m = f.build(b -> b.maxHeapUsedBytes(1_000).heapUsedAfterGc(true));
    f.heapUsed.set(5_000); // garbage not yet collected
    f.heapAfterGc.set(-1); // no GC yet: fall back to heap used
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.HEAP_USED_BYTES);
    f.heapAfterGc.set(900);
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isNull();
    f.heapAfterGc.set(1_001);
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.HEAP_USED_BYTES);
  }

  @Test
  void aLimitIsExceededOnlyAboveIt() {
    MonitorFixture f = fixture();
    PressureMonitor m = f.build(b -> b.maxHeapUsedBytes(1_000));
    f.heapUsed.set(1_000);
    f.sample(m);
    assertThat(m.isUnderPressure()).isFalse();
    f.heapUsed.set(1_001);
    f.sample(m);
    assertThat(m.isUnderPressure()).isTrue();
    assertThat(m.pressureType()).isEqualTo(PressureType.HEAP_USED_BYTES);
    assertThat(m.currentValue(PressureType.HEAP_USED_BYTES)).isEqualTo(1_001);
  }

  @Test
  void utilizationIsPerIntervalOfTheContainersCpus() {
    MonitorFixture f = fixture(); // cgroup quota: one CPU
    PressureMonitor m = f.build(b -> b.maxEventLoopUtilization(0.8));
    for (int i = 0; i < 30; i++) { // a long idle stretch
      f.clock.advance(Duration.ofMillis(990));
      assertThat(f.sample(m).eventLoopUtilization()).isZero();
    }
    f.clock.advance(Duration.ofMillis(990));
    f.cpuNanos.addAndGet(900_000_000);
    PressureSnapshot busy = f.sample(m);
    assertThat(busy.eventLoopUtilization()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(busy.pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.EVENT_LOOP_UTILIZATION);
  }

  @Test
  void lagStatisticIsConfigurable() {
    MonitorFixture f = fixture();
    PressureMonitor mean = f.build(b -> b.maxEventLoopDelay(Duration.ofMillis(50)));
    PressureMonitor max = f.build(b -> b.maxEventLoopDelay(Duration.ofMillis(50)).lagStatistic(LagStatistic.MAX));
    for (PressureMonitor m : new PressureMonitor[] {mean, max}) {
      for (long lagMs : new long[] {0, 0, 0, 120}) { // one 120 ms pause among four ticks
        f.nextLagNanos = lagMs * 1_000_000;
        f.tick(m);
      }
      f.nextLagNanos = 0;
    }
    PressureSnapshot byMean = mean.sampleNow();
    PressureSnapshot byMax = max.sampleNow();
    assertThat(byMean.eventLoopDelayMillis()).isEqualTo(30.0);
    assertThat(byMean.pressureType(PressureMonitor.DEFAULT_TIER)).isNull();
    assertThat(byMax.eventLoopDelayMillis()).isEqualTo(120.0);
    assertThat(byMax.pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.EVENT_LOOP_DELAY);
  }

  @Test
  void aStalledProbeIsLagNotZero() {
    MonitorFixture f = fixture();
    PressureMonitor m = f.build(b -> b.maxEventLoopDelay(Duration.ofMillis(200)));
    f.sample(m);
    f.clock.advance(Duration.ofSeconds(1)); // the probe never woke during this interval
    PressureSnapshot s = m.sampleNow();
    assertThat(s.eventLoopDelayMillis()).isEqualTo(990.0);
    assertThat(s.pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.EVENT_LOOP_DELAY);
  }

  @Test
  void nothingTripsBeforeTheFirstSample() {
    MonitorFixture f = fixture();
    f.heapUsed.set(Long.MAX_VALUE / 2);
    f.rssKiB(1 << 30);
    PressureMonitor m = f.build(b -> b
        .maxEventLoopDelay(Duration.ofNanos(1)).maxHeapUsedBytes(1).maxRssBytes(1)
        .maxEventLoopUtilization(0.01).maxLatency(Duration.ofNanos(1))
        .healthCheck(() -> false, Duration.ofMillis(10))
        .signal("queue", () -> 1e9).maxSignal("queue", 0)
        .tier("ready", Thresholds.builder().maxHeapUsedBytes(1).build()));
    m.recordLatency(Duration.ofSeconds(10).toNanos());
    f.clock.advance(Duration.ofMillis(500)); // half an interval
    assertThat(m.snapshot().sequence()).isZero();
    assertThat(m.isUnderPressure()).isFalse();
    assertThat(m.tier("ready").check()).isNull();

    f.nextLagNanos = 1_000_000;
    f.sample(m);
    assertThat(m.pressureType()).isEqualTo(PressureType.EVENT_LOOP_DELAY);
    assertThat(m.tier("ready").check()).isEqualTo(PressureType.HEAP_USED_BYTES);
  }

  @Test
  void zeroDisablesEveryCheck() {
    MonitorFixture f = fixture();
    f.heapUsed.set(Long.MAX_VALUE / 2);
    f.rssKiB(1 << 30);
    f.nextLagNanos = Duration.ofSeconds(5).toNanos();
    PressureMonitor m = f.build(b -> b
        .maxEventLoopDelay(Duration.ZERO).maxHeapUsedBytes(0).maxRssBytes(0)
        .maxEventLoopUtilization(0).maxLatency(Duration.ZERO));
    m.recordLatency(Duration.ofSeconds(10).toNanos());
    f.cpuNanos.addAndGet(Duration.ofSeconds(6).toNanos()); // more than the one CPU could: clamped
    PressureSnapshot s = f.sample(m);
    assertThat(s.eventLoopDelayMillis()).isEqualTo(5_000.0);
    assertThat(s.eventLoopUtilization()).isEqualTo(1.0);
    assertThat(s.pressureType(PressureMonitor.DEFAULT_TIER)).isNull();
    assertThat(m.isUnderPressure()).isFalse();
  }

  @Test
  void checksRunInUnderPressuresOrderAndTheFirstOverItsLimitNamesTheType() {
    MonitorFixture f = fixture();
    AtomicBoolean healthy = new AtomicBoolean(false);
    AtomicInteger healthRuns = new AtomicInteger();
    double[] a = {2};
    double[] bValue = {2};
    PressureMonitor m = f.build(b -> b
        .maxEventLoopDelay(Duration.ofMillis(5)).maxHeapUsedBytes(1_000).maxRssBytes(MIB)
        .maxEventLoopUtilization(0.5).maxLatency(Duration.ofMillis(100))
        .healthCheck(() -> {
          healthRuns.incrementAndGet();
          return healthy.get();
        }, Duration.ofMillis(10))
        .latencyMaxAge(Duration.ofSeconds(10)).latencyAgeBuckets(1)
        .signal("a", () -> a[0]).maxSignal("a", 1)
        .signal("b", () -> bValue[0]).maxSignal("b", 1));
    f.heapUsed.set(2_000);
    f.rssKiB(2048);
    m.recordLatency(Duration.ofMillis(200).toNanos());
    f.nextLagNanos = 10_000_000;
    long[] cpuShare = {900_000_000};

    Runnable interval = () -> {
      f.clock.advance(Duration.ofSeconds(1));
      f.cpuNanos.addAndGet(cpuShare[0]);
    };
    interval.run();
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.EVENT_LOOP_DELAY);

    f.nextLagNanos = 0;
    interval.run();
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.HEAP_USED_BYTES);

    f.heapUsed.set(500);
    interval.run();
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.RSS_BYTES);

    f.rssKiB(512);
    interval.run();
    PressureSnapshot unhealthy = f.sample(m);
    assertThat(unhealthy.pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.HEALTH_CHECK);
    assertThat(unhealthy.healthy()).isFalse();

    healthy.set(true);
    int runs = healthRuns.get();
    // Runs never overlap: once two more have started, one saw "healthy" and finished.
    await().atMost(Duration.ofSeconds(10)).until(() -> healthRuns.get() >= runs + 2);
    interval.run();
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.EVENT_LOOP_UTILIZATION);

    cpuShare[0] = 100_000_000;
    interval.run();
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.LATENCY);

    f.clock.advance(Duration.ofSeconds(10)); // the slow request leaves the window
    interval.run();
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.signal("a"));

    a[0] = 0;
    interval.run();
    assertThat(f.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.signal("b"));

    bValue[0] = 1;
    interval.run();
    PressureSnapshot calm = f.sample(m);
    assertThat(calm.pressureType(PressureMonitor.DEFAULT_TIER)).isNull();
    assertThat(m.isUnderPressure()).isFalse();
  }

  @Test
  void rssIsSkippedWhereUnsupportedEvenWhenFailuresArePressure() {
    MonitorFixture f = fixture();
    PressureMonitor m = f.build(b -> b.maxRssBytes(1).failurePolicy(PressureType.RSS_BYTES, FailurePolicy.TREAT_AS_PRESSURE)
        .sources(unsupportedRss(f)));
    PressureSnapshot s = f.sample(m);
    assertThat(s.rssBytes()).isNegative();
    assertThat(s.failures()).isEmpty();
    assertThat(s.pressureType(PressureMonitor.DEFAULT_TIER)).isNull();
  }

  private JvmSources unsupportedRss(MonitorFixture f) {
    JvmSources s = f.sources();
    s.procStatus = dir.resolve("no-proc").resolve("status");
    return s;
  }

  @Test
  void aMalformedStatusFileIsAFailureThePolicyJudges() {
    MonitorFixture f = fixture();
    PressureMonitor ignore = f.build(b -> b.maxRssBytes(1));
    PressureMonitor strict = f.build(b -> b.maxRssBytes(1).failurePolicy(PressureType.RSS_BYTES, FailurePolicy.TREAT_AS_PRESSURE));
    f.writeStatus("VmRSS: many kB\n");
    PressureSnapshot lenient = f.sample(ignore);
    assertThat(lenient.rssBytes()).isNegative();
    assertThat(lenient.failures()).containsKey(PressureType.RSS_BYTES);
    assertThat(lenient.pressureType(PressureMonitor.DEFAULT_TIER)).isNull();
    assertThat(f.sample(strict).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.RSS_BYTES);
  }

  @Test
  void aThrowingHeapSourceIsAFailureThePolicyJudges() {
    MonitorFixture f = fixture();
    PressureMonitor ignore = f.build(b -> b.maxHeapUsedBytes(1));
    PressureMonitor strict = f.build(b -> b.maxHeapUsedBytes(1)
        .failurePolicy(PressureType.HEAP_USED_BYTES, FailurePolicy.TREAT_AS_PRESSURE));
    f.heapFailure = new IllegalStateException("no MXBean");
    PressureSnapshot s = f.sample(ignore);
    assertThat(s.heapUsedBytes()).isNegative();
    assertThat(s.failures()).containsEntry(PressureType.HEAP_USED_BYTES, "java.lang.IllegalStateException: no MXBean");
    assertThat(s.pressureType(PressureMonitor.DEFAULT_TIER)).isNull();
    assertThat(f.sample(strict).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.HEAP_USED_BYTES);
    f.heapFailure = null;
    f.heapUsed.set(0);
    PressureSnapshot recovered = f.sample(strict);
    assertThat(recovered.failures()).isEmpty();
    assertThat(recovered.pressureType(PressureMonitor.DEFAULT_TIER)).isNull();
  }

  @Test
  void everySnapshotComputesTheReportedQuantilesAndTheLatencyQuantile() {
    MonitorFixture f = fixture();
    PressureMonitor m = f.build(b -> b.reportedQuantiles(0.9, 0.5, 0.9).latencyQuantile(0.95));
    assertThat(m.reportedQuantiles()).containsExactly(0.5, 0.9, 0.95);
    for (int i = 1; i <= 100; i++) {
      m.recordLatency(i * 1_000_000L);
    }
    PressureSnapshot s = f.sample(m);
    assertThat(s.latency().quantileNanos(0.5)).isCloseTo(50e6, org.assertj.core.data.Percentage.withPercentage(0.4));
    assertThat(s.latency().quantileNanos(0.9)).isCloseTo(90e6, org.assertj.core.data.Percentage.withPercentage(0.4));
    assertThat(s.latencyMillis()).isCloseTo(95, org.assertj.core.data.Percentage.withPercentage(0.4));
    assertThat(s.latency().windowCount()).isEqualTo(100);
  }

  @Test
  void realHeapAllocationShowsInHeapUsed() {
    int size = 64 << 20;
    try (PressureMonitor m = PressureMonitor.builder().autoSample(false).maxHeapUsedBytes(size - 1).build()) {
      byte[] live = new byte[size];
      live[size - 1] = 1;
      PressureSnapshot s = m.sampleNow();
      assertThat(s.heapUsedBytes()).isGreaterThanOrEqualTo(size).isLessThanOrEqualTo(Runtime.getRuntime().totalMemory());
      assertThat(s.pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.HEAP_USED_BYTES);
      assertThat(live[size - 1]).isEqualTo((byte) 1); // keeps the array reachable until here
    }
  }
}
