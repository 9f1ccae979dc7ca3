package dev.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A health check that throws, throws an Error, returns false, blocks past its timeout or hangs
 * ignoring interruption, run 1,000 times (1 ms apart, 1 ms timeout) on real threads: requests
 * are never blocked by it, the next run always comes, and the monitor never holds more than
 * the two threads it allows per check.
 */
class HealthCheckFaultsTest {

  private static final int RUNS = 1_000;
  private static final Duration AWAIT = Duration.ofSeconds(60);

  /** What the check does on each run. */
  enum Fault { THROWS, THROWS_ERROR, RETURNS_FALSE, BLOCKS_PAST_TIMEOUT, HANGS_IGNORING_INTERRUPTS }

  private final CountDownLatch release = new CountDownLatch(1);
  private PressureMonitor monitor;

  @AfterEach
  void close() {
    release.countDown();
    if (monitor != null) {
      monitor.close();
    }
  }

  private boolean run(Fault fault) throws Exception {
    switch (fault) {
      case THROWS: throw new IllegalStateException("database down");
      case THROWS_ERROR: throw new NoClassDefFoundError("com/example/Driver");
      case RETURNS_FALSE: return false;
      case BLOCKS_PAST_TIMEOUT:
        TimeUnit.MINUTES.sleep(1); // a blocking call that honours interruption
        return true;
      default:
        MonitorThreadsTest.awaitIgnoringInterrupts(release); // one that does not
        return true;
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void requestsAreNeverBlockedTheNextCheckAlwaysRunsAndNoThreadPilesUp(Fault fault) {
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger mostHealthThreads = new AtomicInteger();
    // A check that blocks until its timeout interrupts it: with a 1 ms timeout a loaded machine
    // can cancel a run before its pool thread even calls the check, so "every run started"
    // would depend on scheduling. 25 ms leaves the hand-off time to spare; fewer runs keep it short.
    boolean cutByTimeout = fault == Fault.BLOCKS_PAST_TIMEOUT;
    int runs = cutByTimeout ? RUNS / 5 : RUNS;
    monitor = PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(10))
        .healthCheckTimeout(Duration.ofMillis(cutByTimeout ? 25 : 1))
        .healthCheck(() -> {
          started.incrementAndGet();
          return run(fault);
        }, Duration.ofMillis(1))
        .build();
    Tier tier = monitor.defaultTier();

    await().atMost(AWAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
      mostHealthThreads.accumulateAndGet(MonitorThreadsTest.namesOf(monitor, "health").size(), Math::max);
      return monitor.healthCheckRuns() >= runs;
    });
    await().atMost(AWAIT).until(() -> monitor.snapshot().healthDetail().startsWith("healthCheck"));

    // A request's check is a volatile read whatever the health check is doing right now.
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (int i = 0; i < 100_000; i++) {
        assertThat(tier.check()).isEqualTo(PressureType.HEALTH_CHECK);
      }
    });
    PressureSnapshot s = monitor.snapshot();
    assertThat(s.healthy()).isFalse();
    assertThat(s.healthDetail()).as("why it is unhealthy").isNotEqualTo("ok");
    assertThat(mostHealthThreads.get()).as("health threads at any time").isBetween(1, 2);
    if (fault == Fault.HANGS_IGNORING_INTERRUPTS) {
      assertThat(started).as("two runs hold the two threads; every later run is refused at once").hasValue(2);
    } else {
      assertThat(started.get()).as("every run started").isGreaterThanOrEqualTo(runs);
    }
    // Sampler, lag probe, two health threads; a few JVM or JUnit threads may come and go.
    assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threadsBefore + 4 + 3);
  }
}
