package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests in flight and times them into the monitor's latency window. A synchronous
 * request ends when the filter chain returns or throws; an asynchronous one when its
 * {@code AsyncContext} completes, times out or fails ({@link #asyncListener(long, AsyncContext)}).
 *
 * <p>Thread-safe. {@link #begin()} and {@link #end(long)} are lock-free and allocation-free
 * (a {@link LongAdder} and the window's atomics, plus one volatile read for {@link #awaitIdle});
 * only async requests allocate a listener and a set entry (so a drain can answer them).
 */
public final class RequestTimer {

  private final PressureMonitor monitor;
  private final boolean recordLatency;
  private final LongAdder inFlight = new LongAdder();
  private final Set<Completion> openAsync = ConcurrentHashMap.newKeySet();
  private final Object idle = new Object();
  // Set only while a drain waits: the request path then checks for zero and wakes it.
  private volatile boolean awaitingIdle;

  /**
   * @param monitor the monitor whose window receives the durations
   * @param recordLatency false to count in flight without timing
   */
  public RequestTimer(PressureMonitor monitor, boolean recordLatency) {
    this.monitor = monitor;
    this.recordLatency = recordLatency;
  }

  /** Counts one request in flight; pair it with exactly one {@link #end(long)}. */
  public void begin() {
    inFlight.increment();
  }

  /**
   * Ends one request: records its duration and releases its in-flight count, the count even
   * when recording throws.
   *
   * @param startNanos the request's start, a reading of the monitor's clock
   */
  public void end(long startNanos) {
    try {
      if (recordLatency) {
        long end = monitor.nanoTime();
        monitor.recordLatency(end - startNanos, end);
      }
    } finally {
      inFlight.decrement();
      if (awaitingIdle && inFlight.sum() == 0) {
        synchronized (idle) {
          idle.notifyAll();
        }
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

  /**
   * Forgets a listener the container refused to register (the async cycle had already ended);
   * the caller then ends the request itself.
   *
   * @param listener a listener from {@link #asyncListener(long, AsyncContext)}
   */
  public void abandon(AsyncListener listener) {
    openAsync.remove(listener);
  }

  /** @return the async contexts of requests counted in flight and not yet completed */
  public List<AsyncContext> openAsync() {
    List<AsyncContext> open = new ArrayList<>();
    for (Completion c : openAsync) {
      open.add(c.context);
    }
    return open;
  }

  /** @return requests that went down the chain and have not ended yet */
  public long inFlight() {
    return inFlight.sum();
  }

  /**
   * A listener that calls {@link #end(long)} once when the async request completes, times out
   * or fails. Register it on the {@code AsyncContext} of a request that went async.
   *
   * @param startNanos the request's start
   * @param context the request's async context, listed by {@link #openAsync()} until it ends
   * @return a new listener
   */
  public AsyncListener asyncListener(long startNanos, AsyncContext context) {
    Completion c = new Completion(startNanos, context);
    openAsync.add(c);
    return c;
  }

  /**
   * Ends the request at the first of onTimeout/onError/onComplete. The container fires
   * onComplete after onTimeout or onError too, so the flag makes the release happen exactly
   * once. A new async cycle (startAsync after an async dispatch) clears the context's
   * listeners and tells them through onStartAsync; re-registering there keeps the request
   * timed to its final completion.
   */
  private final class Completion extends AtomicBoolean implements AsyncListener {
    private final long startNanos;
    private volatile AsyncContext context;

    Completion(long startNanos, AsyncContext context) {
      this.startNanos = startNanos;
      this.context = context;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      once();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      once();
    }

    @Override
    public void onError(AsyncEvent event) {
      once();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      context = event.getAsyncContext();
      event.getAsyncContext().addListener(this);
    }

    private void once() {
      if (compareAndSet(false, true)) {
        openAsync.remove(this);
        end(startNanos);
      }
    }
  }
}
