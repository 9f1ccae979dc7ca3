package dev.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.SignalFaultsTest.CapturedLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the snapshot says before the first sample, which values are the compared ones, and what is logged. */
class NotSampledAndSignalsTest {

  @TempDir
  Path dir;

  @Test
  void beforeTheFirstSampleNothingReadsAsMeasured() {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      PressureMonitor m = f.build(b -> b.signal("queue", () -> 3).maxHeapUsedBytes(1));
      PressureSnapshot s = m.snapshot();
      assertThat(s.sampled()).isFalse();
      assertThat(s.sequence()).isZero();
      assertThat(s.heapUsedBytes()).isNegative();
      assertThat(s.rssBytes()).isNegative();
      assertThat(s.eventLoopDelayMillis()).isNaN();
      assertThat(s.eventLoopUtilization()).isNaN();
      assertThat(s.latencyMillis()).isNaN();
      assertThat(s.signals()).containsEntry("queue", Double.NaN);
      assertThat(s.value(PressureType.HEAP_USED_BYTES)).isNaN();
      assertThat(m.isUnderPressure()).as("nothing trips before the first sample").isFalse();
      assertThat(f.sample(m).sampled()).isTrue();
    }
  }

  @Test
  void withHeapUsedAfterGcTheReportedHeapIsTheComparedOne() {
    try (MonitorFixture f = new MonitorFixture(dir)) {
      PressureMonitor m = f.build(b -> b.heapUsedAfterGc(true).maxHeapUsedBytes(5_000));
      f.heapUsed.set(9_000); // garbage not yet collected: over the limit before GC
      f.heapAfterGc.set(4_000); // what the limit is compared with
      PressureSnapshot s = f.sample(m);
      assertThat(m.isUnderPressure()).isFalse();
      assertThat(s.heapUsedBytes()).isEqualTo(9_000);
      assertThat(s.heapComparedBytes()).isEqualTo(4_000);
      assertThat(s.value(PressureType.HEAP_USED_BYTES)).isEqualTo(4_000);
      assertThat(m.read().value(PressureType.HEAP_USED_BYTES)).isEqualTo(4_000);
      f.heapAfterGc.set(6_000);
      PressureSnapshot over = f.sample(m);
      assertThat(m.defaultTier().check(over, m.nanoTime())).isEqualTo(PressureType.HEAP_USED_BYTES);
      assertThat(m.defaultTier().value(over, PressureType.HEAP_USED_BYTES)).isEqualTo(6_000);
    }
  }

  @Test
  void aLiveSignalsReportedValueIsTheOneItsCheckCompared() {
    double[] next = {7};
    try (MonitorFixture f = new MonitorFixture(dir)) {
      PressureMonitor m = f.build(b -> b.liveSignal("depth", () -> next[0]++).maxSignal("depth", 1));
      f.sample(m); // reads 7
      PressureSnapshot s = m.snapshot();
      assertThat(m.defaultTier().check(s, m.nanoTime())).isEqualTo(PressureType.signal("depth")); // reads 8
      assertThat(m.defaultTier().value(s, PressureType.signal("depth"))).isEqualTo(8);
      PressureReading r = m.read(); // reads 9 once, for verdict and value alike
      assertThat(r.verdict("default")).isEqualTo(PressureType.signal("depth"));
      assertThat(r.value(PressureType.signal("depth"))).isEqualTo(9);
      assertThat(r.signals()).containsEntry("depth", 9.0);
    }
  }

  @Test
  void cpuWithoutJdkManagementIsSaidOnceInTheLogAndShownAsUnsupported() {
    CapturedLog log = new CapturedLog();
    log.attach();
    try (MonitorFixture f = new MonitorFixture(dir)) {
      f.cpuNanos.set(-1); // what the source reads without jdk.management
      PressureMonitor m = f.build(b -> b.maxEventLoopUtilization(0.5));
      for (int i = 0; i < 3; i++) {
        PressureSnapshot s = f.sample(m);
        assertThat(s.unsupported()).contains(PressureType.EVENT_LOOP_UTILIZATION);
        assertThat(s.failures()).doesNotContainKey(PressureType.EVENT_LOOP_UTILIZATION);
      }
      assertThat(log.messages("eventLoopUtilization is unsupported")).hasSize(1)
          .allMatch(msg -> msg.contains("--add-modules jdk.management"));
    } finally {
      log.detach();
    }
  }

  @Test
  void closingWhileAHealthCheckRunsLogsNoWarning() throws Exception {
    CapturedLog log = new CapturedLog();
    log.attach();
    CountDownLatch running = new CountDownLatch(1);
    try {
      PressureMonitor m = PressureMonitor.builder()
          .healthCheck(() -> {
            running.countDown();
            new CountDownLatch(1).await(); // until close() interrupts it
            return true;
          }, Duration.ofMillis(1))
          .healthCheckTimeout(Duration.ofMinutes(5))
          .build();
      assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
      m.close();
      assertThat(log.messages("interrupted")).isEmpty();
      assertThat(log.messages("")).noneMatch(msg -> msg.contains("healthCheck"));
    } finally {
      log.detach();
    }
  }
}
