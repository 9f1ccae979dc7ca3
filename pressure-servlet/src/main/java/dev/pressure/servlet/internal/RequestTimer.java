package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests in flight and times them into the monitor's latency window. A synchronous
 * request ends when the filter chain returns or throws; an asynchronous one when its
 * {@code AsyncContext} completes, times out or fails ({@link #asyncListener(long)}).
 *
 * <p>Thread-safe. {@link #begin()} and {@link #end(long)} are lock-free and allocation-free
 * (a {@link LongAdder} and the window's atomics); only async requests allocate a listener.
 */
public final class RequestTimer {

  private final PressureMonitor monitor;
  private final boolean recordLatency;
  private final LongAdder inFlight = new LongAdder();

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
    }
  }

  /** Releases one in-flight count without recording a duration (a queued request that was refused). */
  public void cancel() {
    inFlight.decrement();
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
   * @return a new listener
   */
  public AsyncListener asyncListener(long startNanos) {
    return new Completion(startNanos);
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

    Completion(long startNanos) {
      this.startNanos = startNanos;
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
      event.getAsyncContext().addListener(this);
    }

    private void once() {
      if (compareAndSet(false, true)) {
        end(startNanos);
      }
    }
  }
}
