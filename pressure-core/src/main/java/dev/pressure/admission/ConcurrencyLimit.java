package dev.pressure.admission;

import dev.pressure.admission.internal.FixedLimit;

/**
 * Where the gate's permit count comes from: a fixed number ({@link #fixed(int)}) or an
 * adaptive algorithm that moves it from measured latency. The gate reads {@link #current()} on
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

  /** Called when the gate refuses a request for lack of capacity or queue time (a drop). */
  default void onDrop() {}

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
