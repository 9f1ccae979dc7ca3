package dev.pressure.bench.overload;

import java.time.Duration;

/**
 * A stretch of the arrival schedule: requests sent at a constant rate for a duration.
 *
 * @param name what the phase is for (e.g. "before", "overload", "after")
 * @param ratePerSecond requests per second, {@code > 0}
 * @param duration how long, {@code > 0}
 */
record Phase(String name, double ratePerSecond, Duration duration) {

  Phase {
    if (!(ratePerSecond > 0) || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("phase " + name + ": a rate > 0 and a duration > 0. Found: "
          + ratePerSecond + "/s for " + duration);
    }
  }

  /** @return the interval between two sends, in nanoseconds */
  double intervalNanos() {
    return 1e9 / ratePerSecond;
  }
}
