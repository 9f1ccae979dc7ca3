package dev.pressure;

import java.util.Arrays;

/**
 * Quantiles of the monitor's sliding latency window at one moment, plus all-time totals for a Prometheus
 * summary's {@code _count} and {@code _sum}. Immutable and thread-safe.
 */
public final class LatencySnapshot {

  /** Before the first sample: no quantile computed (each reads NaN), nothing counted. */
  public static final LatencySnapshot NOT_SAMPLED = new LatencySnapshot(new double[0], new long[0], 0, 0, 0);

  private final double[] quantiles;
  private final long[] valuesNanos;
  private final long windowCount;
  private final long totalCount;
  private final long totalSumNanos;

  /**
   * A snapshot of computed quantiles (the monitor's latency window makes these; handlers' tests may too).
   *
   * @param quantiles the quantiles computed, e.g. {@code {0.5, 0.999}}; kept, not copied
   * @param valuesNanos each quantile's value in nanoseconds, in the same order; kept, not copied
   * @param windowCount recordings inside the window
   * @param totalCount all recordings since the window was created
   * @param totalSumNanos sum of all recorded durations since the window was created
   */
  public LatencySnapshot(
      double[] quantiles, long[] valuesNanos, long windowCount, long totalCount, long totalSumNanos) {
    this.quantiles = quantiles;
    this.valuesNanos = valuesNanos;
    this.windowCount = windowCount;
    this.totalCount = totalCount;
    this.totalSumNanos = totalSumNanos;
  }

  /**
   * The value of a quantile this snapshot computed.
   *
   * @param q one of {@link #quantiles()}
   * @return nanoseconds; 0 when the window is empty; NaN when {@code q} was not computed (always before the first sample)
   */
  public double quantileNanos(double q) {
    for (int i = 0; i < quantiles.length; i++) {
      if (quantiles[i] == q) {
        return valuesNanos[i];
      }
    }
    return Double.NaN;
  }

  /**
   * The quantiles computed, in the order configured.
   *
   * @return a copy
   */
  public double[] quantiles() {
    return quantiles.clone();
  }

  /**
   * Recordings inside the window.
   *
   * @return the count
   */
  public long windowCount() {
    return windowCount;
  }

  /**
   * All recordings since the window was created (monotonic).
   *
   * @return the count
   */
  public long totalCount() {
    return totalCount;
  }

  /**
   * Sum of all recorded durations since the window was created (monotonic).
   *
   * @return nanoseconds
   */
  public long totalSumNanos() {
    return totalSumNanos;
  }

  @Override
  public String toString() {
    return "LatencySnapshot{quantiles=" + Arrays.toString(quantiles) + ", nanos="
        + Arrays.toString(valuesNanos) + ", windowCount=" + windowCount + ", totalCount="
        + totalCount + '}';
  }
}
