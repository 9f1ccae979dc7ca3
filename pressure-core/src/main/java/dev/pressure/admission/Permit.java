package dev.pressure.admission;

/**
 * One held permit of an {@link AdmissionGate}, as a handle: releasing it twice releases it
 * once, so completion paths that may overlap (a finally block and an async listener) can each
 * call it. Thread-safe.
 */
public interface Permit {

  /**
   * Releases the permit, if held, handing it to the best waiting request. Idempotent.
   *
   * @param latencyNanos how long it was held, for the {@link ConcurrencyLimit}; negative when unknown
   */
  void release(long latencyNanos);

  /**
   * Releases with the end time already read on the gate's clock (the clock is read once).
   * Idempotent. The default ignores the end.
   *
   * @param endNanos when it was released, on the gate's clock
   * @param latencyNanos how long it was held; negative when unknown
   */
  default void release(long endNanos, long latencyNanos) {
    release(latencyNanos);
  }

  /** Releases without a latency measurement. Idempotent. */
  default void release() {
    release(-1);
  }
}
