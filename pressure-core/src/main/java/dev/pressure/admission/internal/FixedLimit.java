package dev.pressure.admission.internal;

import dev.pressure.admission.ConcurrencyLimit;

/** A {@link ConcurrencyLimit} that never moves. Immutable. */
public final class FixedLimit implements ConcurrencyLimit {

  private final int permits;

  /**
   * @param permits at least 1
   */
  public FixedLimit(int permits) {
    if (permits < 1) {
      throw Checks.error("maxConcurrentRequests", "a whole number >= 1", permits);
    }
    this.permits = permits;
  }

  @Override
  public int current() {
    return permits;
  }

  @Override
  public String toString() {
    return "fixed(" + permits + ")";
  }
}
