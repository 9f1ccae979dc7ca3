package dev.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health check through the monitor: it runs on the monitor's own threads (real time),
 * while samples are taken by the test on a fake clock.
 */
class HealthCheckMonitorTest {

  private static final Duration AWAIT = Duration.ofSeconds(10);

  @TempDir
  Path dir;
  private MonitorFixture f;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void fixture() {
    f = new MonitorFixture(dir);
  }

  @AfterEach
  void close() {
    release.countDown();
    f.close();
  }

  @Test
  void unhealthyUntilTheFirstSuccess() {
    CountDownLatch firstRun = new CountDownLatch(1);
    PressureMonitor m = f.build(b -> b.healthCheck(() -> {
      firstRun.await();
      return true;
    }, Duration.ofMillis(10)));
    PressureSnapshot before = f.sample(m);
    assertThat(before.healthy()).isFalse();
    assertThat(before.healthDetail()).isEqualTo("no check has completed yet");
    assertThat(before.pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.HEALTH_CHECK);
    assertThat(before.value(PressureType.HEALTH_CHECK)).isZero();

    firstRun.countDown();
    await().atMost(AWAIT).until(() -> f.sample(m).healthy());
    assertThat(m.snapshot().healthDetail()).isEqualTo("ok");
    assertThat(m.isUnderPressure()).isFalse();
  }

  @Test
  void falseIsPressure() {
    PressureMonitor m = f.build(b -> b.healthCheck(() -> false, Duration.ofMillis(10)));
    await().atMost(AWAIT).until(() -> f.sample(m).healthDetail().equals("healthCheck returned false"));
    assertThat(m.pressureType()).isEqualTo(PressureType.HEALTH_CHECK);
  }

  @Test
  void anExceptionIsPressureWithItsMessage() {
    PressureMonitor m = f.build(b -> b.healthCheck(() -> {
      throw new java.io.IOException("connection refused");
    }, Duration.ofMillis(10)));
    await().atMost(AWAIT).until(() -> f.sample(m).healthDetail()
        .equals("healthCheck threw java.io.IOException: connection refused"));
    assertThat(m.pressureType()).isEqualTo(PressureType.HEALTH_CHECK);
  }

  @Test
  void hangingPastTheTimeoutIsPressureAndTheCheckIsInterrupted() {
    CountDownLatch interrupted = new CountDownLatch(1);
    PressureMonitor m = f.build(b -> b.healthCheckTimeout(Duration.ofMillis(20)).healthCheck(() -> {
      try {
        release.await();
        return true;
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
    }, Duration.ofMillis(10)));
    await().atMost(AWAIT).until(() -> f.sample(m).healthDetail().equals("healthCheck timed out after 20 ms"));
    assertThat(m.pressureType()).isEqualTo(PressureType.HEALTH_CHECK);
    await().atMost(AWAIT).until(() -> interrupted.getCount() == 0);
  }

  @Test
  void succeedingAfterTheTimeoutStillCountsAsTimedOut() {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch lateReturned = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    PressureMonitor m = f.build(b -> b.healthCheckTimeout(Duration.ofMillis(20)).healthCheck(() -> {
      if (runs.incrementAndGet() == 1) {
        MonitorThreadsTest.awaitIgnoringInterrupts(release); // returns true, but late
        lateReturned.countDown();
        return true;
      }
      never.await(); // later runs time out too (and end when interrupted)
      return true;
    }, Duration.ofMillis(10)));
    await().atMost(AWAIT).until(() -> f.sample(m).healthDetail().equals("healthCheck timed out after 20 ms"));
    await().atMost(AWAIT).until(() -> runs.get() >= 3);
    release.countDown();
    await().atMost(AWAIT).until(() -> lateReturned.getCount() == 0);
    PressureSnapshot s = f.sample(m);
    assertThat(s.healthy()).isFalse();
    assertThat(s.healthDetail()).isEqualTo("healthCheck timed out after 20 ms");
  }

  @Test
  void livenessIsReportedButPutsNoTierUnderPressure() {
    PressureMonitor m = f.build(b -> b.livenessCheck(() -> false, Duration.ofMillis(10)));
    await().atMost(AWAIT).until(() -> f.sample(m).livenessDetail().equals("livenessCheck returned false"));
    assertThat(m.snapshot().alive()).isFalse();
    assertThat(m.snapshot().healthy()).as("no health check: healthy").isTrue();
    assertThat(m.isUnderPressure()).isFalse();
  }

  @Test
  void closeFromAListenerOnTheSamplerThreadStopsEverything() {
    PressureMonitor[] self = new PressureMonitor[1];
    PressureMonitor m = PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(10))
        .maxHeapUsedBytes(1)
        .healthCheck(() -> true, Duration.ofMillis(10))
        .listener((tier, prev, cur, snap) -> self[0].close())
        .build();
    self[0] = m;
    await().atMost(AWAIT).until(m::isClosed);
    await().atMost(AWAIT).until(() -> MonitorThreadsTest.threadsOf(m).isEmpty());
  }
}
