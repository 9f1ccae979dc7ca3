package dev.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real threads, real clock: the sampler stops producing snapshots, because a sampled signal
 * blocks it (stall) or because every sample fails, its own error logging included (as good as
 * dead). The snapshot ages; past {@code staleAfter} a FAIL_CLOSED tier reports
 * {@link PressureType#STALE} and a FAIL_OPEN tier stops applying the stale verdict. When the
 * fault clears, sampling resumes by itself.
 */
class SamplerFaultsTest {

  private static final Duration INTERVAL = Duration.ofMillis(10);
  private static final Duration STALE_AFTER = Duration.ofSeconds(1);
  private static final Duration AWAIT = Duration.ofSeconds(10);

  /** How the sampler is broken. */
  enum Fault { STALLS, EVERY_SAMPLE_THROWS }

  private final AtomicBoolean broken = new AtomicBoolean();
  private final CountDownLatch release = new CountDownLatch(1);
  private PressureMonitor failClosed;
  private PressureMonitor failOpen;

  @AfterEach
  void close() {
    release.countDown();
    if (failClosed != null) {
      failClosed.close();
    }
    if (failOpen != null) {
      failOpen.close();
    }
  }

  private PressureMonitor.Builder monitor(Fault fault) {
    // Throws only on the sampler thread: requests (the test thread) read the clock as usual.
    LongSupplier clock = () -> {
      if (fault == Fault.EVERY_SAMPLE_THROWS && broken.get() && Thread.currentThread().getName().contains("-sampler-")) {
        throw new IllegalStateException("sampler broken (simulated)");
      }
      return System.nanoTime();
    };
    return PressureMonitor.builder()
        .clock(clock)
        .sampleInterval(INTERVAL)
        .staleAfter(STALE_AFTER)
        .signal("blocking", () -> {
          if (fault == Fault.STALLS && broken.get()) {
            MonitorThreadsTest.awaitIgnoringInterrupts(release);
          }
          return 0;
        });
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void aStaleSnapshotIsReportedAndTheStalePolicyDecides(Fault fault) {
    failClosed = monitor(fault).stalePolicy(StalePolicy.FAIL_CLOSED).build();
    // Heap used is always over 1 byte: fresh, this tier is under pressure.
    failOpen = monitor(fault).maxHeapUsedBytes(1).build();
    await().atMost(AWAIT).until(() -> failClosed.snapshot().sequence() >= 1 && failOpen.snapshot().sequence() >= 1);
    assertThat(failClosed.pressureType()).isNull();
    assertThat(failOpen.pressureType()).isEqualTo(PressureType.HEAP_USED_BYTES);

    broken.set(true);
    await().atMost(AWAIT).until(() -> failClosed.pressureType() != null && failOpen.pressureType() == null);
    assertThat(failClosed.pressureType()).isEqualTo(PressureType.STALE);
    assertThat(failClosed.currentValue(PressureType.STALE)).as("snapshot age in ms")
        .isGreaterThan((double) STALE_AFTER.toMillis());
    assertThat(failOpen.stalePolicy()).isEqualTo(PressureMonitor.DEFAULT_STALE_POLICY).isEqualTo(StalePolicy.FAIL_OPEN);
    long frozen = failClosed.snapshot().sequence();

    broken.set(false);
    release.countDown();
    await().atMost(AWAIT).until(() -> failClosed.snapshot().sequence() > frozen + 2);
    assertThat(failClosed.pressureType()).as("sampling resumed by itself").isNull();
    await().atMost(AWAIT).until(() -> failOpen.pressureType() == PressureType.HEAP_USED_BYTES);
  }
}
