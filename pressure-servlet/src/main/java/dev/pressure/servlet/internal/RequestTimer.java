package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests in flight and times them into the monitor's latency window. A synchronous
 * request ends when the filter chain returns or throws; an asynchronous one when its
 * {@code AsyncContext} completes, times out or fails ({@link #asyncListener(long, ServletRequest, ServletResponse)}).
 * What is recorded follows a {@link RecordPolicy}.
 *
 * <p>Thread-safe. {@link #begin()} and {@link #end(long, ServletRequest, ServletResponse)} are lock-free and allocation-free
 * (a {@link LongAdder} and the window's atomics); only async requests allocate a listener.
 */
public final class RequestTimer {

  private final PressureMonitor monitor;
  private final RecordPolicy policy;
  private final LongAdder inFlight = new LongAdder();

  /**
   * @param monitor the monitor whose window receives the durations
   * @param policy which finished requests are recorded
   */
  public RequestTimer(PressureMonitor monitor, RecordPolicy policy) {
    this.monitor = monitor;
    this.policy = policy;
  }

  /** Counts one request in flight; pair it with exactly one {@link #end(long, ServletRequest, ServletResponse)}. */
  public void begin() {
    inFlight.increment();
  }

  /**
   * Ends one request: records its duration and releases its in-flight count, the count even
   * when recording throws.
   *
   * @param startNanos the request's start, a reading of the monitor's clock
   * @param request the request
   * @param response its response, whose status the policy reads
   */
  public void end(long startNanos, ServletRequest request, ServletResponse response) {
    try {
      if (policy.records(request, response)) {
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
   * A listener that calls {@link #end(long, ServletRequest, ServletResponse)} once when the async request completes, times out
   * or fails. Register it on the {@code AsyncContext} of a request that went async.
   *
   * @param startNanos the request's start
   * @param request the request
   * @param response its response
   * @return a new listener
   */
  public AsyncListener asyncListener(long startNanos, ServletRequest request, ServletResponse response) {
    return new Completion(startNanos, request, response);
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
    private final transient ServletRequest request;
    private final transient ServletResponse response;

    Completion(long startNanos, ServletRequest request, ServletResponse response) {
      this.startNanos = startNanos;
      this.request = request;
      this.response = response;
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
        end(startNanos, request, response);
      }
    }
  }
}
