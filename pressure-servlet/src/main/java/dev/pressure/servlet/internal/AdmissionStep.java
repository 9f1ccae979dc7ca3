package dev.pressure.servlet.internal;

import dev.pressure.admission.AdmissionGate;
import dev.pressure.admission.Criticality;
import dev.pressure.admission.RejectReason;
import dev.pressure.admission.Ticket;
import dev.pressure.admission.Waiter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * What the filter does with a request that passed its pressure checks: counts and times it
 * ({@link RequestTimer}) and, with a gate, admits it, queues it or refuses it. A synchronous
 * request ends in {@code finally}; an asynchronous one when its {@code AsyncContext} ends, its
 * listener registered the moment the application calls {@code startAsync}.
 *
 * <p>Queued requests that can go async are suspended ({@link QueuedRequest}); a request that
 * cannot (a servlet or filter without async support) waits on its own thread, at most the queue
 * time, which is logged once as a warning. Thread-safe.
 */
public final class AdmissionStep {

  private static final System.Logger LOG = System.getLogger("dev.pressure.servlet.admission");

  private final AdmissionSettings settings;
  private final AdmissionGate gate;
  private final RequestTimer timer;
  private final LongSupplier clock;
  private final ShedResponse shed;
  private final long fixedRetryAfterSeconds;
  private final long maxQueueNanos;
  private final PermitLedger ledger;
  private final AtomicBoolean warnedBlocking = new AtomicBoolean();
  private final AtomicBoolean warnedMapping = new AtomicBoolean();

  /**
   * @param settings the admission settings
   * @param gate the gate, or null for none (counting and timing only)
   * @param timer the filter's in-flight count and latency recorder
   * @param clock the monitor's clock, which the request start was read from
   * @param shed how refusals are written
   * @param fixedRetryAfterSeconds {@code Retry-After} unless {@code retryAfter=auto}
   */
  public AdmissionStep(AdmissionSettings settings, AdmissionGate gate, RequestTimer timer, LongSupplier clock,
      ShedResponse shed, long fixedRetryAfterSeconds) {
    this.settings = settings;
    this.gate = gate;
    this.timer = timer;
    this.clock = clock;
    this.shed = shed;
    this.fixedRetryAfterSeconds = fixedRetryAfterSeconds;
    this.maxQueueNanos = settings.config.maxQueueTime().toNanos();
    this.ledger = new PermitLedger(settings.permitLeakWarningNanos, clock);
  }

  /** {@return the gate, or null} */
  public AdmissionGate gate() {
    return gate;
  }

  /** {@return async requests holding a permit now (those the leak warning watches)} */
  public int openAsyncPermits() {
    return ledger.open();
  }

  /**
   * The container contexts of asynchronous requests still open (admitted, whether the gate is on
   * or not), for the end of a drain's grace period.
   *
   * @return a copy
   */
  public List<AsyncContext> openAsync() {
    return ledger.openContexts();
  }

  /**
   * Logs permits held longer than {@code permitLeakWarning} now, once each.
   *
   * @return how many were logged
   */
  public int checkPermitLeaks() {
    return ledger.checkNow(clock.getAsLong());
  }

  /**
   * The {@code Retry-After} of a refusal now.
   *
   * @return seconds
   */
  public long retryAfterSeconds() {
    return settings.retryAfterAuto && gate != null ? gate.retryAfterSeconds(settings.retryAfterMaxSeconds)
        : fixedRetryAfterSeconds;
  }

  /**
   * Admits, queues or refuses a REQUEST dispatch that passed the pressure checks.
   *
   * @param request the request
   * @param response the response
   * @param chain the rest of the chain
   * @param startNanos the request's start on {@link #clock}
   * @throws IOException from the chain or writing a refusal
   * @throws ServletException from the chain
   */
  public void admit(HttpServletRequest request, HttpServletResponse response, FilterChain chain, long startNanos)
      throws IOException, ServletException {
    if (gate == null) {
      timer.begin();
      proceed(request, response, chain, startNanos, null, false);
      return;
    }
    long deadline = deadline(request);
    if (deadline == AdmissionGate.NO_DEADLINE || !deadlinePassed(deadline)) {
      if (gate.tryAcquire()) {
        timer.begin();
        proceed(request, response, chain, startNanos, null, true);
        return;
      }
      ledger.check();
    }
    Criticality level = criticality(request);
    if (deadline != AdmissionGate.NO_DEADLINE && deadlinePassed(deadline)) {
      refuse(response, RejectReason.DEADLINE, level);
    } else if (settings.config.maxQueuedRequests() == 0) {
      refuse(response, RejectReason.CONCURRENT_REQUESTS, level);
    } else if (request.isAsyncSupported()) {
      if (!suspend(request, response, startNanos, deadline, level)) {
        waitBlocking(request, response, chain, startNanos, deadline, level);
      }
    } else {
      waitBlocking(request, response, chain, startNanos, deadline, level);
    }
  }

  /**
   * Continues a request resumed from the queue (the ASYNC dispatch its grant caused).
   *
   * @param request the request of an ASYNC dispatch
   * @param response the response
   * @param chain the rest of the chain
   * @return false when the dispatch is not a resumed queued request (the caller passes it on)
   * @throws IOException from the chain
   * @throws ServletException from the chain
   */
  public boolean resume(ServletRequest request, jakarta.servlet.ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Object marker = request.getAttribute(QueuedRequest.ATTRIBUTE);
    if (!(marker instanceof QueuedRequest) || ((QueuedRequest) marker).step != this) {
      return false;
    }
    QueuedRequest q = (QueuedRequest) marker;
    request.removeAttribute(QueuedRequest.ATTRIBUTE);
    q.resumed = true;
    RequestCompletion c = q.completion;
    request.setAttribute(AdmittedRequest.PERMIT_ATTRIBUTE, c);
    ServletRequest forward = request instanceof HttpServletRequest
        ? AdmittedRequest.resumed((HttpServletRequest) request, this, c) : request;
    try {
      chain.doFilter(forward, response);
    } finally {
      // A new async cycle is watched by the queued request's listener (onStartAsync); otherwise
      // the request is over when its dispatch returns.
      if (!request.isAsyncStarted()) {
        c.finish();
      }
    }
    return true;
  }

  private void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
      long startNanos, Ticket ticket, boolean fastPermit) throws IOException, ServletException {
    if (!request.isAsyncSupported()) {
      try {
        chain.doFilter(request, response);
      } finally {
        end(startNanos, ticket, fastPermit, RecordPolicy.methodOf(request), RecordPolicy.statusOf(response));
      }
      return;
    }
    AdmittedRequest wrapped = AdmittedRequest.wrap(request, response, this, startNanos, ticket, fastPermit);
    try {
      chain.doFilter(wrapped, response);
    } finally {
      // Whatever the chain did (returned, threw an exception or an Error), the request ends
      // exactly once: here, or by the listener registered when it went async.
      RequestCompletion async = wrapped.completion();
      if (async == null && request.isAsyncStarted()) {
        // Went async on the unwrapped request (a later filter unwrapped it): listen now.
        async = listenLate(wrapped, request);
      }
      if (async == null) {
        wrapped.recycle();
        end(startNanos, ticket, fastPermit, RecordPolicy.methodOf(request), RecordPolicy.statusOf(response));
      }
    }
  }

  private RequestCompletion listenLate(AdmittedRequest wrapped, HttpServletRequest request) {
    try {
      RequestCompletion c = wrapped.completionFor(request.getAsyncContext());
      asyncStarted(c);
      return c;
    } catch (IllegalStateException e) {
      return null; // the async cycle already ended: end it here
    }
  }

  /** Ends a request: records its duration, releases its count and its permit, whatever throws. */
  void end(long startNanos, Ticket ticket, boolean fastPermit, String method, int status) {
    // One clock read: the latency and the adaptive limit's sample end (the gate shares the clock).
    long endNanos = clock.getAsLong();
    long latency = endNanos - startNanos;
    try {
      timer.end(startNanos, endNanos, method, status);
    } finally {
      if (ticket != null) {
        ticket.release(endNanos, latency);
      } else if (fastPermit) {
        gate.release(endNanos, latency);
      }
    }
  }

  void asyncStarted(RequestCompletion c) {
    ledger.opened(c);
  }

  void finished(RequestCompletion c) {
    ledger.closed(c);
  }

  /** {@return false when the request could not go async after all (then it waits on its thread)} */
  private boolean suspend(HttpServletRequest request, HttpServletResponse response, long startNanos, long deadline,
      Criticality level) {
    AsyncContext context;
    try {
      context = request.startAsync(request, response);
    } catch (IllegalStateException e) {
      return false; // e.g. a wrapper in front claims async support its container request lacks
    }
    timer.begin();
    QueuedRequest q = new QueuedRequest(this, context, startNanos, deadline,
        request.getMethod() + " " + request.getRequestURI());
    long waitNanos = maxQueueNanos;
    if (deadline != AdmissionGate.NO_DEADLINE) {
      waitNanos = Math.min(waitNanos, deadline - gate.nanoTime());
    }
    context.setTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
    context.addListener(q);
    request.setAttribute(QueuedRequest.ATTRIBUTE, q);
    // The container times this cycle out only after this dispatch returns, so the ticket is set
    // before any listener event can look at it.
    q.ticket = gate.enqueue(level, deadline, q);
    return true;
  }

  /** A suspended request was refused: answer it and end its async cycle. */
  void answerSuspended(AsyncContext context, RejectReason reason) {
    try {
      context.getRequest().removeAttribute(QueuedRequest.ATTRIBUTE);
      write((HttpServletResponse) context.getResponse(), reason);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "pressure: answering a refused queued request failed (client gone?)", e);
    } finally {
      timer.cancel();
      try {
        context.complete();
      } catch (IllegalStateException e) {
        // already completed (the client went away and the container ended the cycle)
      }
    }
  }

  /** A queued request was withdrawn without an answer (its client went away). */
  void abandoned() {
    timer.cancel();
  }

  void notResumedThroughFilter() {
    if (warnedMapping.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "pressure: a queued request resumed without passing through UnderPressureFilter; "
          + "map the filter for the ASYNC dispatcher type as well as REQUEST, or filters after it are skipped "
          + "for queued requests");
    }
  }

  private void waitBlocking(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
      long startNanos, long deadline, Criticality level) throws IOException, ServletException {
    if (warnedBlocking.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "pressure: " + request.getMethod() + " " + request.getRequestURI() + " is not "
          + "async-supported, so while it waits for a permit it holds its thread (at most maxQueueTime); "
          + "set async-supported on the filter and the servlet to queue without threads");
    }
    CountDownLatch decided = new CountDownLatch(1);
    RejectReason[] refusal = new RejectReason[1];
    Ticket t = gate.enqueue(level, deadline, new Waiter() {
      @Override
      public void granted(Ticket ticket) {
        decided.countDown();
      }

      @Override
      public void rejected(Ticket ticket, RejectReason reason) {
        refusal[0] = reason;
        decided.countDown();
      }
    });
    long waitNanos = deadline == AdmissionGate.NO_DEADLINE ? maxQueueNanos
        : Math.min(maxQueueNanos, deadline - gate.nanoTime());
    try {
      if (!decided.await(Math.max(0, waitNanos), TimeUnit.NANOSECONDS)) {
        RejectReason reason = deadlinePassed(deadline) ? RejectReason.DEADLINE : RejectReason.QUEUE_TIME;
        if (t.expire(reason)) {
          write(response, reason);
          return;
        }
        decided.await(); // being granted or refused right now, by another thread
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (!t.cancel()) {
        t.release(); // granted meanwhile: give it back
      }
      write(response, RejectReason.QUEUE_TIME);
      return;
    }
    if (t.state() != Ticket.State.GRANTED) {
      write(response, refusal[0] == null ? RejectReason.QUEUE_TIME : refusal[0]);
      return;
    }
    timer.begin();
    proceed(request, response, chain, startNanos, t, false);
  }

  private void refuse(HttpServletResponse response, RejectReason reason, Criticality level) throws IOException {
    gate.recordRejection(reason, level);
    write(response, reason);
  }

  private void write(HttpServletResponse response, RejectReason reason) throws IOException {
    shed.write(response, reason.wireName(), false, retryAfterSeconds());
  }

  boolean deadlinePassed(long deadline) {
    return deadline != AdmissionGate.NO_DEADLINE && gate.nanoTime() - deadline >= 0;
  }

  private long deadline(HttpServletRequest request) {
    if (settings.deadlineHeader == null) {
      return AdmissionGate.NO_DEADLINE;
    }
    long remaining = Deadlines.remainingNanos(request.getHeader(settings.deadlineHeader));
    return remaining == Deadlines.NONE ? AdmissionGate.NO_DEADLINE : gate.nanoTime() + remaining;
  }

  /** The request's level: the attribute application code set, the trusted header, the path rules, the default. */
  Criticality criticality(HttpServletRequest request) {
    Object attr = request.getAttribute(CRITICALITY_ATTRIBUTE);
    if (attr instanceof Criticality) {
      return (Criticality) attr;
    }
    if (attr instanceof String) {
      Criticality c = Criticality.parse((String) attr);
      if (c != null) {
        return c;
      }
    }
    if (settings.criticalityHeader != null) {
      Criticality c = Criticality.parse(request.getHeader(settings.criticalityHeader));
      if (c != null) {
        return c;
      }
    }
    for (Criticality c : Criticality.values()) {
      ExcludedPaths p = settings.criticalityPaths[c.ordinal()];
      if (!p.isEmpty() && p.matches(request.getServletPath(), request.getPathInfo())) {
        return c;
      }
    }
    return Criticality.DEFAULT;
  }

  /** The request attribute application code sets to a {@link Criticality} (or its name). */
  public static final String CRITICALITY_ATTRIBUTE = "dev.pressure.admission.criticality";

  /** The request attribute holding an async request's {@link dev.pressure.admission.Permit}. */
  public static final String PERMIT_ATTRIBUTE = AdmittedRequest.PERMIT_ATTRIBUTE;
}
