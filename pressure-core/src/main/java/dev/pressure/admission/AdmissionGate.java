package dev.pressure.admission;

import dev.pressure.admission.internal.DefaultAdmissionGate;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Bounds work: at most {@link #limit()} requests hold a permit at once, at most
 * {@code maxQueuedRequests} wait for one, none longer than {@code maxQueueTime} or its deadline.
 * Framework-neutral; the servlet filter is one user.
 *
 * <p>Two ways in:
 * <ul>
 *   <li>{@link #tryAcquire()} then {@link #release(long)} in {@code finally}: the fast path, one
 *       CAS, no lock and no allocation. It fails while requests are queued, so new arrivals
 *       never overtake waiting ones.
 *   <li>{@link #enqueue}: when {@code tryAcquire} failed, wait without a thread; the
 *       {@link Waiter} is told once whether the ticket was granted (then release the ticket) or
 *       refused. The queue is ordered by {@link Criticality}, then by {@link QueueOrder}; a full
 *       queue lets a more critical arrival displace the least critical waiting request.
 * </ul>
 * Timed-out and past-deadline waiters are refused whenever the gate is used (each release,
 * enqueue or {@link #expire()}); an owner with its own timer (an async timeout) calls
 * {@link Ticket#expire} for a prompt answer.
 *
 * <p>All time comes from one nanosecond clock given at creation, so tests use a fake one.
 * Thread-safe.
 */
public interface AdmissionGate {

  /** The live signal name of {@link #inFlight()}. */
  String SIGNAL_IN_FLIGHT = "inFlight";
  /** The live signal name of {@link #queued()}. */
  String SIGNAL_QUEUED = "queued";
  /** The live signal name of {@link #saturation()}. */
  String SIGNAL_SATURATION = "saturation";
  /** The live signal name of {@link #limit()}, the permit count (it moves with an adaptive limit). */
  String SIGNAL_LIMIT = "limit";
  /** The deadline of a request that has none. */
  long NO_DEADLINE = Long.MAX_VALUE;
  /** Lowest computed {@code Retry-After}, seconds. */
  long MIN_RETRY_AFTER_SECONDS = 1;
  /** How far {@link #retryAfterSeconds(long)} spreads around the estimate: +-20%. */
  double RETRY_AFTER_JITTER = 0.2;

  /**
   * A gate with the limit of its settings (fixed {@code maxConcurrentRequests}, or adaptive),
   * the system clock and random jitter.
   *
   * @param config settings of an enabled gate
   * @return the gate
   */
  static AdmissionGate create(AdmissionConfig config) {
    return create(config, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * A gate with the limit of its settings ({@link AdmissionConfig#newLimit}) on the given clock.
   *
   * @param config settings of an enabled gate
   * @param nanoClock a monotonic nanosecond clock, for the gate and its limit
   * @param random numbers in [0, 1) for the {@code Retry-After} jitter
   * @return the gate
   */
  static AdmissionGate create(AdmissionConfig config, LongSupplier nanoClock, DoubleSupplier random) {
    if (config == null || nanoClock == null) {
      return create(config, null, nanoClock, random); // the constructor names what is missing
    }
    return create(config, config.enabled() ? config.newLimit(nanoClock) : null, nanoClock, random);
  }

  /**
   * A gate with its own limit source, clock and jitter source.
   *
   * @param config settings with {@code maxConcurrentRequests > 0}
   * @param limit where the permit count comes from
   * @param nanoClock a monotonic nanosecond clock
   * @param random numbers in [0, 1) for the {@code Retry-After} jitter
   * @return the gate
   */
  static AdmissionGate create(AdmissionConfig config, ConcurrencyLimit limit, LongSupplier nanoClock,
      DoubleSupplier random) {
    return new DefaultAdmissionGate(config, limit, nanoClock, random);
  }

  /**
   * Takes a permit if one is free and nobody waits. Lock-free, allocation-free.
   *
   * @return true when taken: call {@link #release(long)} exactly once
   */
  boolean tryAcquire();

  /**
   * Gives back a permit taken with {@link #tryAcquire()} and hands it to the best waiting request.
   *
   * @param latencyNanos how long it was held, for the limit; negative when unknown
   */
  void release(long latencyNanos);

  /**
   * {@link #release(long)} with the release time the caller already read on this gate's clock,
   * so an admitted request reads the clock once; an {@link AdaptiveLimit} uses it as the sample's
   * end.
   *
   * @param endNanos when it was released, on this gate's clock
   * @param latencyNanos how long it was held; negative when unknown
   */
  default void release(long endNanos, long latencyNanos) {
    release(latencyNanos);
  }

  /**
   * Asks for a permit, waiting when none is free. The waiter may be called before this returns
   * (a permit was free, the deadline had passed, the queue was full).
   *
   * @param criticality the request's level
   * @param deadlineNanos when its client stops waiting, on this gate's clock, or {@link #NO_DEADLINE}
   * @param waiter told the outcome once
   * @return the ticket
   */
  Ticket enqueue(Criticality criticality, long deadlineNanos, Waiter waiter);

  /**
   * Counts a refusal decided outside the gate (a deadline that passed before admission, no
   * queue configured), so metrics and the limit see it.
   *
   * @param reason why
   * @param criticality the request's level
   */
  void recordRejection(RejectReason reason, Criticality criticality);

  /** Refuses every waiting request whose queue time or deadline has passed. */
  void expire();

  /** {@return permits held now} */
  int inFlight();

  /** {@return requests waiting now} */
  int queued();

  /** {@return the current permit count} */
  int limit();

  /** {@return (in flight + queued) / limit} */
  double saturation();

  /** {@return the settings} */
  AdmissionConfig config();

  /** {@return a reading of the gate's clock} */
  long nanoTime();

  /**
   * Refusals so far with a reason at a level.
   *
   * @param reason a reason
   * @param criticality a level
   * @return refusals so far with that reason at that level
   */
  long rejected(RejectReason reason, Criticality criticality);

  /**
   * The time until the current backlog drains at the recent completion rate, with +-20% jitter,
   * clamped to [1, {@code maxSeconds}]; {@code maxSeconds} when nothing completed recently.
   *
   * @param maxSeconds the upper bound, at least 1
   * @return whole seconds for a {@code Retry-After} header
   */
  long retryAfterSeconds(long maxSeconds);

  /**
   * A quantile of how long granted requests waited in the queue over the last minute (requests
   * admitted by {@link #tryAcquire()} did not wait and are not in it).
   *
   * @param quantile in (0, 1]
   * @return seconds; 0 when nothing waited
   */
  double queueWaitSeconds(double quantile);
}
