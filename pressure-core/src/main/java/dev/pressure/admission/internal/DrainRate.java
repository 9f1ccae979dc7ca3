package dev.pressure.admission.internal;

/**
 * The recent completion rate of the gate, for {@code Retry-After}: completions counted between
 * two marks, the older at least {@link #WINDOW_NANOS} back, so the estimate covers the last one
 * to two windows. Not thread-safe: the gate calls it under its lock.
 */
final class DrainRate {

  /** The shortest span a rate is measured over: 1 s. */
  static final long WINDOW_NANOS = 1_000_000_000L;

  private long oldNanos;
  private long oldCount;
  private long markNanos;
  private long markCount;

  DrainRate(long now) {
    oldNanos = now;
    markNanos = now;
  }

  /**
   * @param now the clock
   * @param completed completions since the gate started
   * @return completions per second over the last one to two windows; 0 when none
   */
  double perSecond(long now, long completed) {
    if (now - markNanos >= WINDOW_NANOS) {
      oldNanos = markNanos;
      oldCount = markCount;
      markNanos = now;
      markCount = completed;
    }
    long span = now - oldNanos;
    if (span <= 0) {
      return 0;
    }
    return (completed - oldCount) * 1e9 / span;
  }
}
