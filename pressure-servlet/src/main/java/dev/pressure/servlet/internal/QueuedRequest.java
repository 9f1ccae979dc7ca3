package dev.pressure.servlet.internal;

import dev.pressure.admission.RejectReason;
import dev.pressure.admission.Ticket;
import dev.pressure.admission.Waiter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * A request suspended while it waits for a permit: it holds no container thread. Granted, it
 * resumes with {@code AsyncContext.dispatch()} (the filter recognises the ASYNC dispatch by the
 * {@link #ATTRIBUTE} attribute); refused, it is answered 503 on the refusing thread. The
 * container's async timeout (the queue time or the deadline, whichever is first) and errors
 * (a client that went away, where the container reports it) withdraw it from the queue. After
 * the grant it ends the request's {@link RequestCompletion} on completion, error or timeout,
 * like any admitted async request. Thread-safe.
 */
final class QueuedRequest implements Waiter, AsyncListener {

  /** The request attribute that marks a resumed dispatch. */
  static final String ATTRIBUTE = QueuedRequest.class.getName();

  final AdmissionStep step;
  final AsyncContext context;
  final long startNanos;
  final long deadlineNanos;
  final String requestLine;
  volatile Ticket ticket;
  volatile RequestCompletion completion;
  volatile boolean resumed;

  QueuedRequest(AdmissionStep step, AsyncContext context, long startNanos, long deadlineNanos, String requestLine) {
    this.step = step;
    this.context = context;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
    this.requestLine = requestLine;
  }

  @Override
  public void granted(Ticket t) {
    try {
      completion = new RequestCompletion(step, startNanos, t, false, requestLine,
          context.getRequest(), context.getResponse());
    } catch (IllegalStateException e) {
      // The container already ended this async cycle (a reset it reported to no listener):
      // nobody will run or end the request, so its permit and in-flight count go back here,
      // on the releasing thread, instead of an exception out of the release that granted it.
      t.release();
      step.abandoned();
      return;
    }
    RequestCompletion c = completion;
    c.context = context;
    step.asyncStarted(c);
    try {
      context.dispatch();
    } catch (IllegalStateException e) {
      c.finish(); // ended between the two calls: the same give-back, once (finish is idempotent)
    }
  }

  @Override
  public void rejected(Ticket t, RejectReason reason) {
    step.answerSuspended(context, reason);
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    Ticket t = ticket;
    if (t != null && t.state() == Ticket.State.QUEUED) {
      RejectReason reason = step.deadlinePassed(deadlineNanos) ? RejectReason.DEADLINE : RejectReason.QUEUE_TIME;
      if (t.expire(reason)) {
        step.answerSuspended(context, reason);
        return;
      }
    }
    ended();
  }

  @Override
  public void onError(AsyncEvent event) {
    Ticket t = ticket;
    if (t != null && t.cancel()) {
      // The client went away while waiting: it never runs.
      step.abandoned();
      try {
        context.complete();
      } catch (IllegalStateException e) {
        // already completed by the container
      }
      return;
    }
    ended();
  }

  @Override
  public void onComplete(AsyncEvent event) {
    Ticket t = ticket;
    if (t != null && t.cancel()) {
      step.abandoned(); // completed by someone else while still queued
      return;
    }
    ended();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    RequestCompletion c = completion;
    if (c == null || !c.get()) {
      event.getAsyncContext().addListener(this);
    }
  }

  private void ended() {
    RequestCompletion c = completion;
    if (c != null) {
      if (!resumed) {
        step.notResumedThroughFilter();
      }
      c.finish();
    }
  }
}
