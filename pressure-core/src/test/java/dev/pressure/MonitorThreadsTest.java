package dev.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Real threads: what the monitor starts, how it samples, and that close() stops it all. */
class MonitorThreadsTest {

  private static final Duration AWAIT = Duration.ofSeconds(10);

  static List<Thread> threadsOf(PressureMonitor m) {
    String prefix = "pressure-" + m.id() + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
        .collect(Collectors.toList());
  }

  static List<String> namesOf(PressureMonitor m, String kind) {
    String prefix = "pressure-" + m.id() + "-" + kind + "-";
    return threadsOf(m).stream().map(Thread::getName).filter(n -> n.startsWith(prefix)).collect(Collectors.toList());
  }

  @Test
  void closeLeavesNoThreadBehind() {
    for (int round = 0; round < 10; round++) {
      AtomicInteger health = new AtomicInteger();
      AtomicInteger liveness = new AtomicInteger();
      PressureMonitor m = PressureMonitor.builder()
          .sampleInterval(Duration.ofMillis(10))
          .healthCheck(() -> health.incrementAndGet() > 0, Duration.ofMillis(10))
          .livenessCheck(() -> liveness.incrementAndGet() > 0, Duration.ofMillis(10))
          .build();
      await().atMost(AWAIT).until(() -> m.snapshot().sequence() >= 2 && health.get() >= 2 && liveness.get() >= 2);
      List<Thread> running = threadsOf(m);
      assertThat(running).allMatch(Thread::isDaemon);
      assertThat(running).extracting(Thread::getName)
          .anyMatch(n -> n.startsWith("pressure-" + m.id() + "-sampler-"))
          .anyMatch(n -> n.startsWith("pressure-" + m.id() + "-lag-"))
          .anyMatch(n -> n.startsWith("pressure-" + m.id() + "-health-"));

      m.close();
      assertThat(m.isClosed()).isTrue();
      assertThat(running).as("round %d: every thread has ended when close() returns", round)
          .noneMatch(Thread::isAlive);
      assertThat(threadsOf(m)).isEmpty();
    }
  }

  @Test
  void closeIsIdempotentAndTheLastSnapshotStaysReadable() {
    PressureMonitor m = PressureMonitor.builder().sampleInterval(Duration.ofMillis(10)).maxHeapUsedBytes(1).build();
    await().atMost(AWAIT).until(() -> m.snapshot().sequence() >= 1);
    m.close();
    long sequence = m.snapshot().sequence();
    m.close();
    assertThat(m.snapshot().sequence()).isEqualTo(sequence);
    assertThat(m.snapshot().pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.HEAP_USED_BYTES);
  }

  @Test
  void samplingIsFixedDelayAndStartsOneIntervalAfterBuild() throws Exception {
    long interval = Duration.ofMillis(50).toNanos();
    List<long[]> calls = new CopyOnWriteArrayList<>();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    long built = System.nanoTime();
    try (PressureMonitor m = PressureMonitor.builder()
        .sampleInterval(Duration.ofNanos(interval))
        .signal("slow", () -> {
          long start = System.nanoTime();
          if (inside.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          if (calls.isEmpty()) {
            sleepAsSlowWork(4 * interval); // the first sample overruns four intervals
          }
          inside.decrementAndGet();
          calls.add(new long[] {start, System.nanoTime()});
          return 0;
        })
        .build()) {
      await().atMost(AWAIT).until(() -> calls.size() >= 3);
    }
    assertThat(calls.get(0)[0] - built).as("first sample one interval after start").isGreaterThanOrEqualTo(interval);
    for (int i = 1; i < 3; i++) {
      // Fixed delay: the next sample starts an interval after the previous one ended; a
      // fixed rate would run the missed samples back to back after the slow one.
      assertThat(calls.get(i)[0] - calls.get(i - 1)[1]).as("gap before sample %d", i + 1).isGreaterThanOrEqualTo(interval);
    }
    assertThat(overlaps).hasValue(0);
  }

  private static void sleepAsSlowWork(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aHealthCheckThatHangsForeverHoldsTwoThreadsAndStarvesNoOtherCheck() {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger hung = new AtomicInteger();
    AtomicInteger liveness = new AtomicInteger();
    PressureMonitor m = PressureMonitor.builder()
        .autoSample(false)
        .healthCheckTimeout(Duration.ofMillis(5))
        .healthCheck(() -> {
          hung.incrementAndGet();
          awaitIgnoringInterrupts(release);
          return true;
        }, Duration.ofMillis(1))
        .livenessCheck(() -> liveness.incrementAndGet() > 0, Duration.ofMillis(1))
        .build();
    try {
      await().atMost(AWAIT).until(() -> m.sampleNow().healthDetail().startsWith("healthCheck not run"));
      // Many more runs: each is refused at once, none adds a thread, liveness keeps running.
      int livenessRuns = liveness.get();
      await().atMost(AWAIT).until(() -> liveness.get() >= livenessRuns + 50);
      PressureSnapshot s = m.sampleNow();
      assertThat(hung).as("the hanging check got two threads, no more").hasValue(2);
      assertThat(namesOf(m, "health")).hasSizeLessThanOrEqualTo(2);
      assertThat(s.healthy()).isFalse();
      assertThat(s.alive()).as(s.livenessDetail()).isTrue();
      assertThat(s.pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.HEALTH_CHECK);
    } finally {
      release.countDown();
      m.close();
    }
    await().atMost(AWAIT).until(() -> threadsOf(m).isEmpty());
  }

  static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
