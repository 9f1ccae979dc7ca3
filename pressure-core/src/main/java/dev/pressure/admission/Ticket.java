package dev.pressure.admission;

/**
 * A request that asked the gate for a permit through {@link AdmissionGate#enqueue}: waiting,
 * then granted (a {@link Permit} to release), refused or cancelled. Thread-safe.
 */
public interface Ticket extends Permit {

  /** Where a ticket is in its life. */
  enum State {
    /** Waiting for a permit. */
    QUEUED,
    /** Holds a permit. */
    GRANTED,
    /** Refused; see {@link #rejectReason()}. */
    REJECTED,
    /** Withdrawn by its owner while it waited. */
    CANCELLED,
    /** Held a permit and gave it back. */
    RELEASED
  }

  /** {@return the current state} */
  State state();

  /** {@return why it was refused, or null unless {@link State#REJECTED}} */
  RejectReason rejectReason();

  /** {@return its level} */
  Criticality criticality();

  /** {@return how long it waited before it was granted or refused (so far, while queued)} */
  long waitedNanos();

  /**
   * Withdraws a waiting ticket (its client left, its own timer fired). Does nothing to a ticket
   * that was already granted or refused: a granted one must be {@linkplain #release released}.
   *
   * @return true when it was waiting and is now cancelled (its waiter is not called)
   */
  boolean cancel();

  /**
   * Withdraws a waiting ticket and counts it as refused for {@code reason} (its owner's timer
   * enforced {@code maxQueueTime} or a deadline). Like {@link #cancel()} otherwise.
   *
   * @param reason the reason to count
   * @return true when it was waiting and is now refused (its waiter is not called)
   */
  boolean expire(RejectReason reason);
}
