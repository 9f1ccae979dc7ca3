package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.LatencySnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LatencyWindowTest {

  private static final double[] QUANTILES = {0.001, 0.07, 0.14, 0.5, 0.55, 0.9, 0.99, 0.999};
  /** The window's documented bound: within 0.4% (the layout gives 1/256 = 0.39%). */
  private static final double PROMISED = 0.004;

  private final FakeClock clock = new FakeClock();

  // ------------------------------------------------------------------ accuracy

  /** A named distribution of durations in nanoseconds. */
  record Distribution(String name, long[] values) {
    @Override
    public String toString() {
      return name + " (" + values.length + ")";
    }
  }

  static List<Distribution> distributions() {
    SplittableRandom r = new SplittableRandom(7);
    List<Distribution> d = new ArrayList<>();
    d.add(new Distribution("uniform 1us..1s", r.longs(50_000, 1_000, 1_000_000_000).toArray()));
    d.add(new Distribution("log-uniform 1ns..2^40ns", r.doubles(50_000, 0, 40).mapToLong(x -> (long) Math.pow(2, x)).toArray()));
    d.add(new Distribution("exponential mean 200ms", r.doubles(50_000).mapToLong(u -> (long) (-Math.log(1 - u) * 200e6)).toArray()));
    d.add(new Distribution("pareto tail", r.doubles(50_000).mapToLong(u -> (long) (1e6 / Math.pow(1 - u, 1 / 1.1))).map(v -> Math.min(v, (1L << 40) - 1)).toArray()));
    // Adversarial: a fast majority and a slow minority exactly at the p99.9 boundary.
    long[] bimodal = new long[1000];
    Arrays.fill(bimodal, 0, 999, 200_000_000L);
    bimodal[999] = 3_000_000_000L;
    d.add(new Distribution("999 x 200ms + 1 x 3s", bimodal));
    long[] twoPoint = new long[100];
    Arrays.fill(twoPoint, 0, 55, 1_000_000L);
    Arrays.fill(twoPoint, 55, 100, 900_000_000L);
    d.add(new Distribution("55 x 1ms + 45 x 900ms", twoPoint));
    d.add(new Distribution("all equal", r.longs(10_000, 0, 1).map(x -> 123_456_789L).toArray()));
    d.add(new Distribution("single", new long[] {42_000_000L}));
    // Values at both edges of buckets, where the midpoint is furthest away.
    List<Long> edges = new ArrayList<>();
    for (int shift = 1; shift <= 32; shift++) {
      for (long sub = 128; sub < 256; sub += 17) {
        long lower = sub << shift;
        edges.add(lower);
        edges.add(lower + (1L << shift) - 1);
      }
    }
    d.add(new Distribution("bucket edges", edges.stream().mapToLong(Long::longValue).toArray()));
    d.add(new Distribution("powers of two +-1", java.util.stream.IntStream.range(1, 40)
        .mapToObj(i -> new long[] {(1L << i) - 1, 1L << i, (1L << i) + 1}).flatMapToLong(Arrays::stream).toArray()));
    d.add(new Distribution("linear range 0..255", java.util.stream.LongStream.range(0, 256).toArray()));
    return d;
  }

  @ParameterizedTest
  @MethodSource("distributions")
  void quantilesAreWithinThePromisedErrorOfAnExactSort(Distribution dist) {
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(60), 5, clock);
    long[] shuffled = dist.values().clone();
    shuffle(shuffled, new SplittableRandom(3));
    for (long v : shuffled) {
      window.record(v, clock.getAsLong());
    }
    long[] sorted = dist.values().clone();
    Arrays.sort(sorted);
    LatencySnapshot s = window.snapshot(clock.getAsLong(), QUANTILES);
    assertThat(s.windowCount()).isEqualTo(sorted.length);
    for (double q : QUANTILES) {
      long exact = sorted[(int) exactRank(q, sorted.length) - 1];
      double got = s.quantileNanos(q);
      assertThat(Math.abs(got - exact))
          .as("%s q=%s exact=%d got=%s", dist, q, exact, got)
          .isLessThanOrEqualTo(exact * PROMISED);
      if (exact < 256) {
        assertThat(got).as("linear range is exact").isEqualTo(exact);
      }
    }
  }

  static long exactRank(double q, long n) {
    return Math.max(1, new BigDecimal(Double.toString(q)).multiply(BigDecimal.valueOf(n))
        .setScale(0, RoundingMode.CEILING).longValueExact());
  }

  private static void shuffle(long[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      long t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  @Test
  void emptyWindowReportsZeroAndUnknownQuantilesNaN() {
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(60), 5, clock);
    LatencySnapshot s = window.snapshot(new double[] {0.5});
    assertThat(s.quantileNanos(0.5)).isZero();
    assertThat(s.quantileNanos(0.9)).isNaN();
    assertThat(s.windowCount()).isZero();
  }

  @Test
  void negativeDurationsCountAsZeroAndHugeOnesAsTheMaximum() {
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(60), 5, clock);
    window.record(-5, clock.getAsLong());
    window.record(Long.MAX_VALUE / 2, clock.getAsLong());
    LatencySnapshot s = window.snapshot(clock.getAsLong(), new double[] {0.5, 0.999});
    assertThat(s.quantileNanos(0.5)).isZero();
    assertThat(s.quantileNanos(0.999)).isCloseTo((double) (1L << 40), org.assertj.core.data.Percentage.withPercentage(0.4));
  }

  // ------------------------------------------------------------------ rotation

  @Test
  void recordingsExpireAfterMaxAgeSliceBySlice() {
    // 60 s in 5 slices of 12 s.
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(60), 5, clock);
    window.record(1_000);
    clock.advance(Duration.ofSeconds(12));
    window.record(2_000);
    window.record(2_000);
    assertThat(window.snapshot(new double[] {0.5}).windowCount()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(47)); // 59 s after the first: both slices still inside
    assertThat(window.snapshot(new double[] {0.5}).windowCount()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(1)); // 60 s: the first slice falls out, 48 s of data remain
    LatencySnapshot s = window.snapshot(new double[] {0.5});
    assertThat(s.windowCount()).isEqualTo(2);
    assertThat(s.quantileNanos(0.5)).isEqualTo(rep(2_000));

    clock.advance(Duration.ofSeconds(12));
    s = window.snapshot(new double[] {0.5});
    assertThat(s.windowCount()).isZero();
    assertThat(s.quantileNanos(0.5)).isZero();
    assertThat(s.totalCount()).as("totals are all-time").isEqualTo(3);
    assertThat(s.totalSumNanos()).isEqualTo(5_000);
  }

  @Test
  void aReusedSliceForgetsWhatItHeldBefore() {
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(5), 5, clock); // 1 s slices
    for (int i = 0; i < 100; i++) {
      window.record(900_000_000L);
    }
    clock.advance(Duration.ofSeconds(5)); // same slot, five slices later
    window.record(1_000_000L);
    LatencySnapshot s = window.snapshot(new double[] {0.999});
    assertThat(s.windowCount()).isEqualTo(1);
    assertThat(s.quantileNanos(0.999)).isCloseTo(1e6, org.assertj.core.data.Percentage.withPercentage(0.4));
  }

  @Test
  void p999RecoversOnceSlowRequestsAgeOut() {
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(60), 5, clock);
    double[] q = {0.999};
    for (int i = 0; i < 1_000; i++) {
      window.record(2_000_000_000L); // a burst of 2 s requests
    }
    for (int second = 0; second < 72; second++) {
      clock.advance(Duration.ofSeconds(1));
      for (int i = 0; i < 100; i++) {
        window.record(200_000_000L); // then normal 200 ms traffic
      }
      double p999 = window.snapshot(q).quantileNanos(0.999);
      if (second < 59) { // the burst is less than 60 s old
        assertThat(p999).as("second %d", second).isGreaterThan(1e9);
      } else {
        assertThat(p999).as("second %d", second).isLessThan(2.1e8);
      }
    }
  }

  @Test
  void singleBucketWindowDropsEverythingAtOnce() {
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(10), 1, clock);
    window.record(5);
    clock.advance(Duration.ofMillis(9_999));
    assertThat(window.snapshot(new double[] {0.5}).windowCount()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(window.snapshot(new double[] {0.5}).windowCount()).isZero();
  }

  @Test
  void recordingsStampedInTheFutureAreNotReadEarly() {
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(60), 5, clock);
    window.record(7, clock.getAsLong() + Duration.ofSeconds(30).toNanos());
    assertThat(window.snapshot(new double[] {0.5}).windowCount()).isZero();
    clock.advance(Duration.ofSeconds(30));
    assertThat(window.snapshot(new double[] {0.5}).windowCount()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void concurrentRecordersLoseNoSample() throws Exception {
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(60), 5, clock);
    int threads = 8;
    int each = 50_000;
    runConcurrently(threads, t -> {
      for (int i = 0; i < each; i++) {
        window.record(1_000L + i, clock.getAsLong());
      }
    });
    LatencySnapshot s = window.snapshot(clock.getAsLong(), new double[] {0.5});
    assertThat(s.windowCount()).isEqualTo((long) threads * each);
    assertThat(s.totalCount()).isEqualTo((long) threads * each);
    assertThat(s.totalSumNanos()).isEqualTo(threads * (1_000L * each + (long) each * (each - 1) / 2));
  }

  /**
   * Every slot is full of old data, and many threads cross into new slices together while the
   * reader (the sampler's role) clears slices ahead and late recorders use the overflow. A
   * clear that raced a recorder would lose a sample or keep an old one.
   */
  @Test
  void concurrentRecordersAcrossRotationsLoseNoSample() throws Exception {
    long slice = Duration.ofSeconds(1).toNanos();
    long origin = clock.getAsLong();
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(5), 5, clock);
    for (int s = 0; s < 5; s++) {
      window.snapshot(origin + s * slice, new double[] {0.5}); // the sampler, once per slice
      for (int i = 0; i < 1_000; i++) {
        window.record(999, origin + s * slice); // old data in every slot
      }
    }
    int threads = 8;
    int each = 50_000;
    long start = origin + 5 * slice; // slices 5..9 reuse every slot
    window.snapshot(start, new double[] {0.5});
    runConcurrently(threads + 1, t -> {
      if (t == threads) { // a reader racing the recorders
        for (int s = 0; s < 5; s++) {
          window.snapshot(start + s * slice, new double[] {0.5});
        }
        return;
      }
      for (int i = 0; i < each; i++) {
        window.record(5, start + (5 * slice - 1) * i / each);
      }
    });
    LatencySnapshot s = window.snapshot(start + 5 * slice - 1, new double[] {0.999});
    assertThat(s.windowCount()).isEqualTo((long) threads * each);
    assertThat(s.quantileNanos(0.999)).as("no old value survived a rotation").isEqualTo(5);
  }

  /**
   * The reader is stopped half-way through clearing a slice: recorders of every slice,
   * including the one being cleared, still finish, and none of their samples is lost.
   */
  @Test
  void recordersNeverWaitForARotationHeldMidway() throws Exception {
    long slice = Duration.ofSeconds(1).toNanos();
    long origin = clock.getAsLong();
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(5), 5, clock);
    for (int s = 0; s < 10; s++) { // every slot has held data before, so the next read clears
      window.snapshot(origin + s * slice, new double[] {0.5});
      window.record(123_456, origin + s * slice);
    }
    CountDownLatch inClear = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    window.midClear = () -> {
      inClear.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    long now = origin + 10 * slice;
    ExecutorService reader = Executors.newSingleThreadExecutor();
    try {
      Future<LatencySnapshot> held = reader.submit(() -> window.snapshot(now, new double[] {0.5}));
      assertThat(inClear.await(30, TimeUnit.SECONDS)).as("the reader is mid-clear").isTrue();
      int threads = 4;
      int each = 10_000;
      // Recorders in the current slice, the one being cleared ahead and one not ready yet.
      runConcurrently(threads, t -> {
        for (int i = 0; i < each; i++) {
          window.record(7, now + (t % 3) * slice);
        }
      });
      assertThat(held.isDone()).as("the rotation is still held").isFalse();
      release.countDown();
      held.get(30, TimeUnit.SECONDS);
      window.midClear = null;
      LatencySnapshot s = window.snapshot(now + 2 * slice, new double[] {0.5});
      assertThat(s.totalCount()).isEqualTo(10 + (long) threads * each);
      assertThat(s.windowCount()).as("every recording made during the held rotation")
          .isEqualTo((long) threads * each + 2); // plus the old ones of slices 8 and 9
    } finally {
      release.countDown();
      reader.shutdownNow();
    }
  }

  @Test
  void lateRecordingsOfAStalledReaderAreKeptThenAgeOut() {
    long slice = Duration.ofSeconds(1).toNanos();
    long origin = clock.getAsLong();
    LatencyWindow window = new LatencyWindow(Duration.ofSeconds(5), 5, clock);
    // No read for 20 slices: none of these slices was cleared ahead.
    for (int s = 10; s < 20; s++) {
      window.record(42, origin + s * slice);
    }
    assertThat(window.snapshot(origin + 20 * slice, new double[] {0.5}).windowCount())
        .as("kept in the newest slice they reached").isEqualTo(10);
    assertThat(window.snapshot(origin + 25 * slice, new double[] {0.5}).windowCount())
        .as("then forgotten with that slice").isZero();
    window.record(42, origin + 3 * slice); // far too old: dropped at the next read
    assertThat(window.snapshot(origin + 26 * slice, new double[] {0.5}).windowCount()).isZero();
    assertThat(window.totalCount()).isEqualTo(11);
  }

  /** Runs {@code body} on {@code threads} threads started together; rethrows any failure. */
  static void runConcurrently(int threads, java.util.function.IntConsumer body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          body.accept(id);
          return null;
        }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** The value the window reports for a duration. */
  private static double rep(long v) {
    return LogLinearBuckets.representative(LogLinearBuckets.index(v));
  }
}
