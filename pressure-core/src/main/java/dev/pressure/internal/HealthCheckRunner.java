package dev.pressure.internal;

import dev.pressure.HealthCheck;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one {@link HealthCheck} on a pool thread, again {@code interval} after each run ends
 * (so runs never overlap and never pile up), and publishes its verdict through a volatile
 * field. A run ends when the check returns, throws, or its timeout fires first; the timeout
 * then interrupts the check. Whichever of "returned" and "timed out" comes first settles the
 * run, the other does nothing: an {@link AtomicBoolean} per run decides the race.
 */
public final class HealthCheckRunner {

  /** A check's verdict: immutable. */
  public static final class Result {
    /** Whether the last completed run succeeded. */
    public final boolean healthy;
    /** Why not, or {@code "ok"}. */
    public final String detail;

    Result(boolean healthy, String detail) {
      this.healthy = healthy;
      this.detail = detail;
    }
  }

  static final Result PENDING = new Result(false, "no check has completed yet");

  private final String name;
  private final HealthCheck check;
  private final long intervalNanos;
  private final long timeoutNanos;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService pool;
  private final RateLimitedLogger log;
  private final AtomicLong runs = new AtomicLong();
  private volatile Result result = PENDING;
  private volatile boolean stopped;

  /**
   * A runner of {@code check} on {@code scheduler} and {@code pool}.
   *
   * @param name what the check is called in logs ({@code healthCheck}, {@code liveness})
   * @param check the check
   * @param intervalNanos delay after a run ends before the next starts
   * @param timeoutNanos how long a run may take
   * @param scheduler schedules runs and timeouts; runs no user code
   * @param pool runs the user code
   * @param log where failures are reported
   */
  public HealthCheckRunner(String name, HealthCheck check, long intervalNanos, long timeoutNanos,
      ScheduledExecutorService scheduler, ExecutorService pool, RateLimitedLogger log) {
    this.name = name;
    this.check = check;
    this.intervalNanos = intervalNanos;
    this.timeoutNanos = timeoutNanos;
    this.scheduler = scheduler;
    this.pool = pool;
    this.log = log;
  }

  /** Starts the first run now. */
  public void start() {
    scheduler.execute(this::runOnce);
  }

  /** Stops scheduling further runs; a run in progress is interrupted by the pool's shutdown. */
  public void stop() {
    stopped = true;
  }

  /**
   * The latest verdict.
   *
   * @return never null; unhealthy until the first success
   */
  public Result result() {
    return result;
  }

  /**
   * How many runs have settled.
   *
   * @return the count
   */
  public long runs() {
    return runs.get();
  }

  private void runOnce() {
    if (stopped) {
      return;
    }
    AtomicBoolean settled = new AtomicBoolean();
    AtomicReference<Future<?>> timeout = new AtomicReference<>();
    Future<?> running;
    try {
      running = pool.submit(() -> {
        boolean ok;
        String detail;
        try {
          ok = check.check();
          detail = ok ? "ok" : name + " returned false";
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          ok = false;
          detail = name + " was interrupted";
        } catch (Throwable e) {
          ok = false;
          detail = name + " threw " + e;
        }
        if (settle(settled, ok, detail, null)) {
          cancel(timeout.get()); // null when runOnce has not armed it yet: it checks settled after arming
        }
      });
    } catch (RejectedExecutionException e) {
      // Every health thread is held by a check that ignored interruption: do not add more.
      settle(settled, false, name + " not run: every health-check thread is still busy with a check that did not finish", null);
      return;
    }
    timeout.set(scheduler.schedule(() -> {
      if (!running.isDone()) {
        settle(settled, false, name + " timed out after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", running);
      }
    }, timeoutNanos, TimeUnit.NANOSECONDS));
    if (settled.get()) {
      // The check finished first: drop its timeout now rather than leave one task per run
      // queued for the whole timeout (with a 1 ms interval and a 5 s timeout, thousands).
      cancel(timeout.get());
    }
  }

  private static void cancel(Future<?> timeout) {
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  /** Settles the run unless its other outcome already did; true when this call settled it. */
  private boolean settle(AtomicBoolean settled, boolean ok, String detail, Future<?> toCancel) {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    if (toCancel != null) {
      toCancel.cancel(true);
    }
    result = ok ? new Result(true, "ok") : new Result(false, detail);
    runs.incrementAndGet();
    // After stop() a failure is close() interrupting the check: expected, not worth a warning.
    if (!ok && !stopped) {
      log.log(Level.WARNING, "pressure: " + detail, null);
    }
    if (!stopped) {
      try {
        scheduler.schedule(this::runOnce, intervalNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // The monitor is closing.
      }
    }
    return true;
  }
}
