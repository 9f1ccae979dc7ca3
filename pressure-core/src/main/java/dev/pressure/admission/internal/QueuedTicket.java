package dev.pressure.admission.internal;

import dev.pressure.admission.Criticality;
import dev.pressure.admission.RejectReason;
import dev.pressure.admission.Ticket;
import dev.pressure.admission.Waiter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A ticket of {@link DefaultAdmissionGate}. Leaving QUEUED happens under the gate's lock;
 * GRANTED to RELEASED is a CAS so a release is idempotent from any thread.
 */
final class QueuedTicket implements Ticket {

  final Criticality criticality;
  final long enqueuedNanos;
  final long deadlineNanos;
  final Waiter waiter;
  private final DefaultAdmissionGate gate;
  private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
  private volatile RejectReason reason;
  private volatile long waited = -1;

  QueuedTicket(DefaultAdmissionGate gate, Criticality criticality, long enqueuedNanos, long deadlineNanos,
      Waiter waiter) {
    this.gate = gate;
    this.criticality = criticality;
    this.enqueuedNanos = enqueuedNanos;
    this.deadlineNanos = deadlineNanos;
    this.waiter = waiter;
  }

  /** Under the gate's lock: QUEUED to GRANTED. */
  void markGranted(long now) {
    waited = now - enqueuedNanos;
    state.set(State.GRANTED);
  }

  /** Under the gate's lock: QUEUED to REJECTED. */
  void markRejected(RejectReason why, long now) {
    waited = now - enqueuedNanos;
    reason = why;
    state.set(State.REJECTED);
  }

  /** Under the gate's lock: QUEUED to CANCELLED. */
  void markCancelled(long now) {
    waited = now - enqueuedNanos;
    state.set(State.CANCELLED);
  }

  boolean isQueued() {
    return state.get() == State.QUEUED;
  }

  @Override
  public State state() {
    return state.get();
  }

  @Override
  public RejectReason rejectReason() {
    return reason;
  }

  @Override
  public Criticality criticality() {
    return criticality;
  }

  @Override
  public long waitedNanos() {
    long w = waited;
    return w >= 0 ? w : gate.nanoTime() - enqueuedNanos;
  }

  @Override
  public boolean cancel() {
    return gate.withdraw(this, null);
  }

  @Override
  public boolean expire(RejectReason why) {
    if (why == null) {
      throw Checks.error("reason", "a RejectReason", null);
    }
    return gate.withdraw(this, why);
  }

  /**
   * The limit is told how long the permit was held: {@code latencyNanos} less the wait in this
   * queue. A caller that times the request from its arrival (the filter does, for the latency
   * window) would otherwise count the wait as service time, and an adaptive limit would cut
   * itself for a queue it caused: a longer wait, a lower limit, a longer wait again. A duration
   * less a duration, so it holds whichever clock the caller timed with; negative stays unknown.
   */
  private long held(long latencyNanos) {
    long w = waited;
    return latencyNanos < 0 || w < 0 ? latencyNanos : Math.max(0, latencyNanos - w);
  }

  /** Releases; {@code latencyNanos} runs from before the wait (see {@link #held}). */
  @Override
  public void release(long latencyNanos) {
    if (state.compareAndSet(State.GRANTED, State.RELEASED)) {
      gate.release(held(latencyNanos));
    } else if (state.get() == State.QUEUED) {
      cancel();
    }
  }

  /** Releases at {@code endNanos}; {@code latencyNanos} runs from before the wait (see {@link #held}). */
  @Override
  public void release(long endNanos, long latencyNanos) {
    if (state.compareAndSet(State.GRANTED, State.RELEASED)) {
      gate.release(endNanos, held(latencyNanos));
    } else if (state.get() == State.QUEUED) {
      cancel();
    }
  }

  @Override
  public String toString() {
    return "Ticket{" + criticality + ", " + state.get() + (reason == null ? "" : " " + reason.wireName()) + '}';
  }
}
