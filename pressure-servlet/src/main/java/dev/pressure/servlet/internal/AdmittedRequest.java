package dev.pressure.servlet.internal;

import dev.pressure.admission.Ticket;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.ref.WeakReference;

/**
 * The request an admitted request travels down the chain as: when the application calls
 * {@code startAsync}, it registers the request's {@link RequestCompletion} on the new
 * {@code AsyncContext} before returning it, and publishes it as the
 * {@code dev.pressure.admission.permit} attribute for an early release.
 *
 * <p>One wrapper per thread is reused for requests that stay synchronous, so the common path
 * allocates nothing; a wrapper whose request went async belongs to that request from then on.
 * The thread keeps it through a {@link WeakReference} (a JDK class): a container thread that
 * outlives the web application does not pin its class loader. Used by one request at a time.
 */
final class AdmittedRequest extends HttpServletRequestWrapper {

  /** The request attribute holding the {@link dev.pressure.admission.Permit} of an async request. */
  static final String PERMIT_ATTRIBUTE = "dev.pressure.admission.permit";

  private static final ThreadLocal<WeakReference<AdmittedRequest>> SPARE = new ThreadLocal<>();

  private final WeakReference<AdmittedRequest> self = new WeakReference<>(this);
  private boolean inUse;
  private AdmissionStep step;
  private long startNanos;
  private Ticket ticket;
  private boolean fastPermit;
  private RequestCompletion completion;
  private ServletResponse response;

  private AdmittedRequest(HttpServletRequest request) {
    super(request);
  }

  static AdmittedRequest wrap(HttpServletRequest request, ServletResponse response, AdmissionStep step, long startNanos, Ticket ticket,
      boolean fastPermit) {
    WeakReference<AdmittedRequest> spare = SPARE.get();
    AdmittedRequest w = spare == null ? null : spare.get();
    if (w == null || w.inUse) { // first on this thread, collected, or kept by an async request
      w = new AdmittedRequest(request);
      SPARE.set(w.self);
    } else {
      w.setRequest(request);
    }
    w.inUse = true;
    w.step = step;
    w.startNanos = startNanos;
    w.ticket = ticket;
    w.fastPermit = fastPermit;
    w.completion = null;
    w.response = response;
    return w;
  }

  /**
   * A wrapper for the ASYNC dispatch of a request resumed from the queue: its completion already
   * exists (made at the grant). Not reused.
   */
  static AdmittedRequest resumed(HttpServletRequest request, AdmissionStep step, RequestCompletion completion) {
    AdmittedRequest w = new AdmittedRequest(request);
    w.step = step;
    w.inUse = true;
    w.completion = completion;
    return w;
  }

  /** {@return the completion when the request went async through this wrapper, else null} */
  RequestCompletion completion() {
    return completion;
  }

  /** The request stayed synchronous and is over: the wrapper serves the thread's next request. */
  void recycle() {
    ticket = null;
    step = null;
    response = null;
    inUse = false;
  }

  /** A completion for a request that went async behind this wrapper's back (on the unwrapped request). */
  RequestCompletion completionFor(AsyncContext context) {
    RequestCompletion c = newCompletion();
    c.context = context;
    context.addListener(c);
    return c;
  }

  @Override
  public AsyncContext startAsync() {
    return listen(super.startAsync());
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return listen(super.startAsync(request, response));
  }

  private AsyncContext listen(AsyncContext context) {
    if (completion == null) {
      completion = newCompletion();
      step.asyncStarted(completion);
      setAttribute(PERMIT_ATTRIBUTE, completion);
    }
    completion.context = context;
    context.addListener(completion);
    return new AdmittedAsyncContext(context, completion);
  }

  private RequestCompletion newCompletion() {
    return new RequestCompletion(step, startNanos, ticket, fastPermit, getMethod() + " " + getRequestURI(),
        getRequest(), response);
  }
}
