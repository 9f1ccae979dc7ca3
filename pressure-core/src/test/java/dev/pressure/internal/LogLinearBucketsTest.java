package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogLinearBucketsTest {

  /** The layout's promise: a bucket's representative is within 1/256 (0.39%) of any value in it. */
  static final double PROMISED_RELATIVE_ERROR = 1.0 / 256;

  @Test
  void linearRangeIsExact() {
    for (long v = 0; v < 256; v++) {
      int i = LogLinearBuckets.index(v);
      assertThat(i).isEqualTo((int) v);
      assertThat(LogLinearBuckets.representative(i)).isEqualTo(v);
    }
  }

  @Test
  void bucketsAreContiguousAndOrdered() {
    for (int i = 1; i < LogLinearBuckets.BUCKET_COUNT; i++) {
      long lower = LogLinearBuckets.lowerBound(i);
      assertThat(lower).isGreaterThan(LogLinearBuckets.lowerBound(i - 1));
      assertThat(LogLinearBuckets.index(lower)).isEqualTo(i);
      assertThat(LogLinearBuckets.index(lower - 1)).isEqualTo(i - 1);
    }
    assertThat(LogLinearBuckets.index(LogLinearBuckets.MAX_VALUE)).isEqualTo(LogLinearBuckets.BUCKET_COUNT - 1);
  }

  @Test
  void everyBucketEdgeIsWithinThePromisedError() {
    for (int i = 0; i < LogLinearBuckets.BUCKET_COUNT; i++) {
      long lower = LogLinearBuckets.lowerBound(i);
      long upper = i + 1 < LogLinearBuckets.BUCKET_COUNT
          ? LogLinearBuckets.lowerBound(i + 1) - 1 : LogLinearBuckets.MAX_VALUE;
      long rep = LogLinearBuckets.representative(i);
      for (long v : new long[] {lower, upper}) {
        assertThat(LogLinearBuckets.index(v)).isEqualTo(i);
        assertThat(Math.abs(rep - v)).as("bucket %d value %d rep %d", i, v, rep)
            .isLessThanOrEqualTo((long) Math.floor(v * PROMISED_RELATIVE_ERROR));
      }
    }
  }

  @Test
  void outOfRangeValuesAreClamped() {
    assertThat(LogLinearBuckets.index(-5)).isZero();
    assertThat(LogLinearBuckets.index(Long.MAX_VALUE)).isEqualTo(LogLinearBuckets.BUCKET_COUNT - 1);
  }

  @Test
  void quantileIsNearestRank() {
    long[] counts = new long[LogLinearBuckets.BUCKET_COUNT];
    for (int v = 1; v <= 100; v++) {
      counts[v] = 1; // the values 1..100, once each
    }
    assertThat(LogLinearBuckets.quantile(counts, 100, 0.5)).isEqualTo(50);
    assertThat(LogLinearBuckets.quantile(counts, 100, 0.505)).isEqualTo(51);
    assertThat(LogLinearBuckets.quantile(counts, 100, 0.9)).isEqualTo(90);
    assertThat(LogLinearBuckets.quantile(counts, 100, 0.99)).isEqualTo(99);
    assertThat(LogLinearBuckets.quantile(counts, 100, 0.999)).isEqualTo(100);
    assertThat(LogLinearBuckets.quantile(counts, 100, 0.001)).isEqualTo(1);
    assertThat(LogLinearBuckets.quantile(counts, 0, 0.5)).isZero();
  }

  /**
   * q * n computed in binary floating point lands just above a whole number for many decimal
   * quantiles (0.07 * 100 = 7.000000000000001): nearest rank must still be 7, not 8.
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.07, 0.14, 0.28, 0.55, 0.56, 0.68, 0.81, 0.5, 0.9, 0.99, 0.999})
  void nearestRankIsNotPushedUpByFloatingPointNoise(double q) {
    long[] counts = new long[LogLinearBuckets.BUCKET_COUNT];
    for (int n = 1; n <= 2000; n++) {
      counts[LogLinearBuckets.index(n - 1)]++; // the values 0..n-1, once each: rank r holds r - 1
      long expectedRank = exactRank(q, n);
      assertThat(LogLinearBuckets.quantile(counts, n, q))
          .as("q=%s n=%d", q, n)
          .isEqualTo(LogLinearBuckets.representative(LogLinearBuckets.index(expectedRank - 1)));
    }
  }

  /** ceil(q * n) in decimal arithmetic on the quantile as written, at least 1. */
  static long exactRank(double q, long n) {
    long r = new BigDecimal(Double.toString(q)).multiply(BigDecimal.valueOf(n))
        .setScale(0, RoundingMode.CEILING).longValueExact();
    return Math.max(1, r);
  }

  @Test
  void randomValuesRoundTripWithinThePromise() {
    SplittableRandom random = new SplittableRandom(42);
    for (int k = 0; k < 200_000; k++) {
      long v = (long) Math.pow(2, random.nextDouble(0, 40));
      long rep = LogLinearBuckets.representative(LogLinearBuckets.index(v));
      assertThat(Math.abs(rep - v)).isLessThanOrEqualTo((long) (v * PROMISED_RELATIVE_ERROR));
    }
  }
}
