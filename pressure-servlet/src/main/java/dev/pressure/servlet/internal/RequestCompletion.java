package dev.pressure.servlet.internal;

import dev.pressure.admission.Permit;
import dev.pressure.admission.Ticket;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The end of one admitted asynchronous request: ends its timing and releases its permit (from
 * the fast path or a granted ticket), exactly once, at the first of onComplete, onTimeout,
 * onError or an early {@link #release(long)} by the application. Registered the moment the
 * application calls {@code startAsync} ({@link AdmittedRequest}), so no container ordering can
 * miss it. A new async cycle clears the context's listeners and calls onStartAsync: it
 * re-registers there. Thread-safe.
 */
final class RequestCompletion extends AtomicBoolean implements AsyncListener, Permit {

  private static final long serialVersionUID = 1L;

  private final transient AdmissionStep step;
  final long startNanos;
  private final transient Ticket ticket;
  private final boolean fastPermit;
  final String requestLine;
  // What the record policy needs, read while the container still owns the objects: the method
  // now, the status when the request ends (before complete() hands the request back to Tomcat,
  // which may recycle it while this completion still runs).
  private final String method;
  private final transient ServletResponse response;
  private volatile int status = NO_STATUS;
  private static final int NO_STATUS = Integer.MIN_VALUE;
  // The container's context once the request went async: a drain answers it at grace expiry.
  transient volatile AsyncContext context;

  RequestCompletion(AdmissionStep step, long startNanos, Ticket ticket, boolean fastPermit, String requestLine,
      ServletRequest request, ServletResponse response) {
    this.method = RecordPolicy.methodOf(request);
    this.response = response;
    this.step = step;
    this.startNanos = startNanos;
    this.ticket = ticket;
    this.fastPermit = fastPermit;
    this.requestLine = requestLine;
  }

  /** Reads the response's status now (before the application hands the request back). */
  void captureStatus() {
    if (!get()) {
      try {
        status = RecordPolicy.statusOf(response);
      } catch (RuntimeException e) {
        status = -1; // a recycled response: record by method alone
      }
    }
  }

  /** Ends the request once; later calls do nothing. */
  void finish() {
    if (compareAndSet(false, true)) {
      step.finished(this);
      if (status == NO_STATUS) {
        captureStatus();
      }
      step.end(startNanos, ticket, fastPermit, method, status);
    }
  }

  @Override
  public void release(long latencyNanos) {
    finish();
  }

  @Override
  public void onComplete(AsyncEvent event) {
    finish();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    finish();
  }

  @Override
  public void onError(AsyncEvent event) {
    finish();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    if (!get()) {
      event.getAsyncContext().addListener(this);
    }
  }
}
