package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests in flight and times them into the monitor's latency window. A synchronous
 * request ends when the filter chain returns or throws; an asynchronous one when its
 * {@code AsyncContext} completes, times out or fails (the {@link AdmissionStep}'s completion
 * listener, registered when the application calls {@code startAsync}). What is recorded follows
 * a {@link RecordPolicy}.
 *
 * <p>Thread-safe. {@link #begin()}, {@link #end(long, long, String, int)} and
 * {@link #cancel()} are lock-free and allocation-free (a {@link LongAdder}, the window's atomics
 * and one volatile read for {@link #awaitIdle(long)}).
 */
public final class RequestTimer {

  private final PressureMonitor monitor;
  private final RecordPolicy policy;
  private final LongAdder inFlight = new LongAdder();
  private final Object idle = new Object();
  // Set only while a drain waits: the request path then checks for zero and wakes it.
  private volatile boolean awaitingIdle;

  /**
   * @param monitor the monitor whose window receives the durations
   * @param policy which finished requests are recorded
   */
  public RequestTimer(PressureMonitor monitor, RecordPolicy policy) {
    this.monitor = monitor;
    this.policy = policy;
  }

  /** Counts one request in flight; pair it with exactly one {@link #end} or {@link #cancel()}. */
  public void begin() {
    inFlight.increment();
  }

  /**
   * Ends one request: records its duration and releases its in-flight count, the count even
   * when recording throws. The caller reads the clock once and passes the reading, so the end of
   * a request costs one clock read however many parties (window, gate) need it.
   *
   * @param startNanos the request's start, a reading of the monitor's clock
   * @param endNanos the request's end, a later reading of the same clock
   * @param method the request's method, or null
   * @param status the response's status, or -1
   */
  public void end(long startNanos, long endNanos, String method, int status) {
    try {
      if (policy.records(method, status)) {
        monitor.recordLatency(endNanos - startNanos, endNanos);
      }
    } finally {
      release();
    }
  }

  /** Releases one in-flight count without recording a duration (a queued request that was refused). */
  public void cancel() {
    release();
  }

  private void release() {
    inFlight.decrement();
    if (awaitingIdle && inFlight.sum() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /**
   * Waits until nothing is in flight, without polling: the last request to end wakes the waiter.
   *
   * @param timeoutNanos the longest wait
   * @return true when nothing was in flight before the timeout
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitIdle(long timeoutNanos) throws InterruptedException {
    // Set before the first check: a request ending after the check sees the flag and notifies
    // under the same lock the waiter holds until it waits, so no wake-up is lost.
    awaitingIdle = true;
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (idle) {
      while (inFlight.sum() != 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  /** {@return requests that went down the chain (or wait in the queue) and have not ended yet} */
  public long inFlight() {
    return inFlight.sum();
  }
}
