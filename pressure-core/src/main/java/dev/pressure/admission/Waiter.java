package dev.pressure.admission;

/**
 * Told the outcome of a queued {@link Ticket}, exactly once: granted or refused. A cancelled
 * ticket's waiter is not called. Runs on the thread that made the outcome (the thread that
 * released a permit, or the caller of {@link AdmissionGate#enqueue} when decided at once),
 * outside the gate's lock; it should hand work off (e.g. {@code AsyncContext.dispatch()}) rather
 * than run it.
 */
public interface Waiter {

  /**
   * The ticket holds a permit now; release it exactly once when the work ends.
   *
   * @param ticket the ticket
   */
  void granted(Ticket ticket);

  /**
   * The ticket was refused; it holds nothing.
   *
   * @param ticket the ticket
   * @param reason why
   */
  void rejected(Ticket ticket, RejectReason reason);
}
