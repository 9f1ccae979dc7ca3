package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's schedule and timeouts run on a {@link ManualScheduler}, so "the timeout fires"
 * happens exactly when the test advances time; user code runs on a direct executor (settles
 * at once) or on a real two-thread pool like the monitor's (for checks that hang).
 */
class HealthCheckRunnerTest {

  private static final long INTERVAL = TimeUnit.SECONDS.toNanos(5);
  private static final long TIMEOUT = TimeUnit.MILLISECONDS.toNanos(50);
  private static final Duration AWAIT = Duration.ofSeconds(10);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), new DaemonThreadFactory("test-health"));
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopThreads() throws InterruptedException {
    release.countDown();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private HealthCheckRunner runner(HealthCheck check, ExecutorService executor) {
    return new HealthCheckRunner("healthCheck", check, INTERVAL, TIMEOUT, scheduler, executor,
        new RateLimitedLogger(TimeUnit.MINUTES.toNanos(1), System::nanoTime));
  }

  /** Runs submitted work on the caller's thread: the check settles inside runOnce. */
  static final class DirectExecutor extends AbstractExecutorService {
    @Override public void execute(Runnable r) { r.run(); }
    @Override public void shutdown() {}
    @Override public List<Runnable> shutdownNow() { return List.of(); }
    @Override public boolean isShutdown() { return false; }
    @Override public boolean isTerminated() { return false; }
    @Override public boolean awaitTermination(long t, TimeUnit u) { return true; }
  }

  /** Waits, ignoring interrupts, until the test releases it. */
  private void awaitReleaseIgnoringInterrupts() {
    boolean interrupted = false;
    while (true) {
      try {
        release.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void unhealthyUntilTheFirstRunCompletes() {
    HealthCheckRunner r = runner(() -> true, new DirectExecutor());
    r.start();
    assertThat(r.result().healthy).isFalse();
    assertThat(r.result().detail).isEqualTo("no check has completed yet");
    scheduler.runDue();
    assertThat(r.result().healthy).isTrue();
    assertThat(r.result().detail).isEqualTo("ok");
    assertThat(r.runs()).isEqualTo(1);
  }

  @Test
  void falseIsUnhealthy() {
    HealthCheckRunner r = runner(() -> false, new DirectExecutor());
    r.start();
    scheduler.runDue();
    assertThat(r.result().healthy).isFalse();
    assertThat(r.result().detail).isEqualTo("healthCheck returned false");
  }

  @Test
  void anExceptionOrErrorIsUnhealthy() {
    AtomicInteger calls = new AtomicInteger();
    HealthCheckRunner r = runner(() -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("db down");
      }
      throw new AssertionError("broken");
    }, new DirectExecutor());
    r.start();
    scheduler.runDue();
    assertThat(r.result().detail).isEqualTo("healthCheck threw java.lang.IllegalStateException: db down");
    scheduler.advance(INTERVAL);
    assertThat(r.result().healthy).isFalse();
    assertThat(r.result().detail).isEqualTo("healthCheck threw java.lang.AssertionError: broken");
  }

  @Test
  void runsAgainOneIntervalAfterEachRunEndsAndRecovers() {
    AtomicInteger calls = new AtomicInteger();
    HealthCheckRunner r = runner(() -> calls.incrementAndGet() > 2, new DirectExecutor());
    r.start();
    scheduler.runDue();
    assertThat(calls).hasValue(1);
    scheduler.advance(INTERVAL - 1);
    assertThat(calls).hasValue(1);
    scheduler.advance(1);
    assertThat(calls).hasValue(2);
    assertThat(r.result().healthy).isFalse();
    scheduler.advance(INTERVAL);
    assertThat(calls).hasValue(3);
    assertThat(r.result().healthy).isTrue();
  }

  @Test
  void aCheckThatFinishedLeavesNoTimeoutBehind() {
    HealthCheckRunner r = runner(() -> true, new DirectExecutor());
    r.start();
    for (int i = 0; i < 100; i++) {
      scheduler.advance(INTERVAL);
    }
    assertThat(r.runs()).isEqualTo(101);
    // Only the next run is pending: no timeout task per finished run piles up.
    assertThat(scheduler.pendingDelays()).containsExactly(INTERVAL);
  }

  @Test
  void hangingPastTheTimeoutIsUnhealthyAndInterrupted() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    HealthCheckRunner r = runner(() -> {
      started.countDown();
      try {
        release.await();
        return true;
      } catch (InterruptedException e) {
        interrupted.countDown();
        throw e;
      }
    }, pool);
    r.start();
    scheduler.runDue();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    scheduler.advance(TIMEOUT - 1);
    assertThat(r.runs()).isZero();
    assertThat(r.result().detail).isEqualTo("no check has completed yet");

    scheduler.advance(1);
    assertThat(r.result().healthy).isFalse();
    assertThat(r.result().detail).isEqualTo("healthCheck timed out after 50 ms");
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(AWAIT).until(() -> pool.getCompletedTaskCount() == 1);
    // The interrupted check ending afterwards does not settle the run a second time.
    assertThat(r.runs()).isEqualTo(1);
    assertThat(r.result().detail).isEqualTo("healthCheck timed out after 50 ms");
    assertThat(scheduler.pendingDelays()).containsExactly(INTERVAL);
  }

  @Test
  void succeedingLateDoesNotOverrideTheTimeout() {
    CountDownLatch started = new CountDownLatch(1);
    HealthCheckRunner r = runner(() -> {
      started.countDown();
      awaitReleaseIgnoringInterrupts();
      return true;
    }, pool);
    r.start();
    scheduler.runDue();
    await().atMost(AWAIT).until(() -> started.getCount() == 0);
    scheduler.advance(TIMEOUT);
    assertThat(r.result().detail).isEqualTo("healthCheck timed out after 50 ms");

    release.countDown();
    await().atMost(AWAIT).until(() -> pool.getCompletedTaskCount() == 1);
    assertThat(r.result().healthy).isFalse();
    assertThat(r.result().detail).isEqualTo("healthCheck timed out after 50 ms");
    assertThat(r.runs()).isEqualTo(1);
    assertThat(scheduler.pendingDelays()).as("one next run, not one per settle attempt").containsExactly(INTERVAL);

    // The next run succeeds in time.
    scheduler.advance(INTERVAL);
    await().atMost(AWAIT).until(() -> r.runs() == 2);
    assertThat(r.result().healthy).isTrue();
  }

  @Test
  void succeedingJustBeforeTheTimeoutIsHealthy() {
    HealthCheckRunner r = runner(() -> true, pool);
    r.start();
    scheduler.runDue();
    await().atMost(AWAIT).until(() -> r.runs() == 1);
    scheduler.advance(TIMEOUT); // the timeout would fire now: the run is already settled
    assertThat(r.result().healthy).isTrue();
    assertThat(r.runs()).isEqualTo(1);
  }

  @Test
  void aCheckIgnoringInterruptsHoldsAtMostTwoThreadsOverManyRuns() {
    AtomicInteger calls = new AtomicInteger();
    HealthCheckRunner r = runner(() -> {
      calls.incrementAndGet();
      awaitReleaseIgnoringInterrupts();
      return true;
    }, pool);
    r.start();
    scheduler.runDue(); // run 1 takes a thread
    await().atMost(AWAIT).until(() -> calls.get() == 1);
    scheduler.advance(TIMEOUT); // run 1 times out, its thread stays stuck
    scheduler.advance(INTERVAL); // run 2 takes the second thread
    await().atMost(AWAIT).until(() -> calls.get() == 2);
    scheduler.advance(TIMEOUT);
    for (int run = 3; run <= 50; run++) {
      scheduler.advance(INTERVAL); // refused at once: no thread is free
      assertThat(pool.getPoolSize()).isLessThanOrEqualTo(2);
    }
    assertThat(r.runs()).isEqualTo(50);
    assertThat(calls).as("the check is not started without a free thread").hasValue(2);
    assertThat(r.result().healthy).isFalse();
    assertThat(r.result().detail).isEqualTo(
        "healthCheck not run: every health-check thread is still busy with a check that did not finish");

    // Once the stuck checks return, threads are free again and the check recovers.
    release.countDown();
    await().atMost(AWAIT).until(() -> {
      scheduler.advance(INTERVAL);
      return r.result().healthy;
    });
    assertThat(calls).hasValueGreaterThanOrEqualTo(3);
    assertThat(pool.getLargestPoolSize()).isEqualTo(2);
  }

  @Test
  void stopEndsTheSchedule() {
    AtomicInteger calls = new AtomicInteger();
    HealthCheckRunner r = runner(() -> calls.incrementAndGet() > 0, new DirectExecutor());
    r.start();
    scheduler.runDue();
    r.stop();
    scheduler.advance(10 * INTERVAL);
    assertThat(calls).hasValue(1);
  }
}
