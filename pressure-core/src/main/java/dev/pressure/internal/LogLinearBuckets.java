package dev.pressure.internal;

/**
 * The bucket layout shared by every histogram in pressure: values below 256 have a bucket
 * each; above, every power of two is split into 128 equal buckets (HdrHistogram's
 * log-linear layout with 8 significant bits). A bucket's width is at most 1/128 of its lower
 * bound, so reporting its midpoint is within 1/256 (0.4%) of any value inside it.
 *
 * <p>Values from 0 to {@link #MAX_VALUE} (2^40 - 1, about 18 minutes in nanoseconds) are
 * tracked; larger values land in the last bucket and negative ones in bucket 0.
 * Stateless and thread-safe.
 */
public final class LogLinearBuckets {

  /** Sub-buckets per power of two above the linear range. */
  static final int SUB_BUCKETS = 128;
  /** Largest value tracked with bounded error. */
  public static final long MAX_VALUE = (1L << 40) - 1;
  /** Number of buckets needed to cover 0..MAX_VALUE. */
  public static final int BUCKET_COUNT = index(MAX_VALUE) + 1;

  private LogLinearBuckets() {}

  /**
   * The bucket of a value: a few shifts, no loop, no allocation.
   *
   * @param value the value, clamped to {@code [0, MAX_VALUE]}
   * @return the bucket index in {@code [0, BUCKET_COUNT)}
   */
  public static int index(long value) {
    if (value < 2 * SUB_BUCKETS) {
      return value < 0 ? 0 : (int) value;
    }
    long v = value > MAX_VALUE ? MAX_VALUE : value;
    int shift = 63 - Long.numberOfLeadingZeros(v) - 7; // v >> shift lands in [128, 256)
    return shift * SUB_BUCKETS + (int) (v >>> shift);
  }

  /**
   * The smallest value that maps to a bucket.
   *
   * @param index a bucket index
   * @return its lower bound
   */
  public static long lowerBound(int index) {
    if (index < 2 * SUB_BUCKETS) {
      return index;
    }
    int shift = index / SUB_BUCKETS - 1;
    long sub = index - (long) shift * SUB_BUCKETS;
    return sub << shift;
  }

  /**
   * The value reported for a bucket: exact in the linear range, else the midpoint.
   *
   * @param index a bucket index
   * @return the representative value
   */
  public static long representative(int index) {
    if (index < 2 * SUB_BUCKETS) {
      return index;
    }
    int shift = index / SUB_BUCKETS - 1;
    return lowerBound(index) + ((1L << shift) >>> 1);
  }

  /**
   * The nearest-rank quantile of merged bucket counts: the value of the sample with rank
   * {@code ceil(q * total)}.
   *
   * @param counts bucket counts
   * @param total the sum of {@code counts}
   * @param q the quantile in (0, 1]
   * @return the representative value of the bucket holding that rank, or 0 when empty
   */
  public static long quantile(long[] counts, long total, double q) {
    if (total <= 0) {
      return 0;
    }
    long rank = Math.max(1, rank(q, total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return representative(i);
      }
    }
    return representative(counts.length - 1);
  }

  /**
   * {@code ceil(q * total)}, robust to binary rounding: {@code 0.07 * 100} is
   * {@code 7.000000000000001} in doubles, which must still be rank 7, not 8. A product within
   * a few ulps above a whole number is that whole number.
   */
  static long rank(double q, long total) {
    double x = q * total;
    long below = (long) Math.floor(x);
    return x - below <= 4 * Math.ulp(x) ? below : below + 1;
  }
}
