package dev.pressure.admission;

import dev.pressure.admission.internal.FixedLimit;

/**
 * Where the gate's permit count comes from: a fixed number ({@link #fixed(int)}) or an
 * adaptive algorithm that moves it from measured latency ({@link AdaptiveLimit}). The gate reads {@link #current()} on
 * every acquisition and reports each completion and each drop, so an implementation sees
 * exactly the traffic the gate admits.
 *
 * <p>Implementations must be thread-safe; {@link #current()} and {@link #onComplete} run on
 * request threads and must be O(1), non-blocking and allocation-free.
 */
public interface ConcurrencyLimit {

  /**
   * The number of permits right now. Lowering it never revokes held permits; it only stops
   * new ones until enough are released.
   *
   * @return at least 1
   */
  int current();

  /**
   * Called once per released permit.
   *
   * @param latencyNanos how long the permit was held (negative when the caller did not measure)
   * @param inFlight permits held at that moment, this one included
   */
  default void onComplete(long latencyNanos, int inFlight) {}

  /**
   * Called once per released permit whose end the caller already read (so an admitted request
   * reads the clock once). The default ignores the end and calls {@link #onComplete(long, int)}.
   *
   * @param endNanos when it was released, a reading of the gate's clock
   * @param latencyNanos how long the permit was held (negative when the caller did not measure)
   * @param inFlight permits held at that moment, this one included
   */
  default void onComplete(long endNanos, long latencyNanos, int inFlight) {
    onComplete(latencyNanos, inFlight);
  }

  /**
   * Called when a caller reports that an admitted request failed for overload (a drop). The
   * gate's own refusals are not drops and never reach this: they say arrivals exceed the limit,
   * not that the service slowed down.
   */
  default void onDrop() {}

  /**
   * {@link #onDrop()} with the time and the permits held then. The default calls
   * {@link #onDrop()}.
   *
   * @param nowNanos a reading of the gate's clock
   * @param inFlight permits held at that moment
   */
  default void onDrop(long nowNanos, int inFlight) {
    onDrop();
  }

  /**
   * A limit that never moves.
   *
   * @param permits at least 1
   * @return the limit
   */
  static ConcurrencyLimit fixed(int permits) {
    return new FixedLimit(permits);
  }
}
