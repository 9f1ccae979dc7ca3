package dev.pressure;

import dev.pressure.internal.LogLinearBuckets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A sliding window of request durations from which quantiles are read: the last
 * {@code maxAge} of recordings, kept in {@code ageBuckets} time slices that rotate, so the
 * window forgets old load the way a Prometheus {@code Summary} with {@code maxAgeSeconds} and
 * {@code ageBuckets} does (the articles rely on this to close the circuit after load stops).
 *
 * <p><b>Recording</b> ({@link #record(long, long)}) is lock-free and allocation-free: a
 * volatile read and two comparisons to find the current slice, one {@code AtomicLongArray}
 * increment, two {@link LongAdder} adds. When a slice's time is up, the first recorder to
 * notice divides to find the next slice and clears it under that slice's monitor (once per
 * {@code maxAge / ageBuckets}); everyone else proceeds without locking. A recorder delayed by a whole window may count into the slice that replaced its
 * own; nothing is lost from the totals.
 *
 * <p><b>Reading</b> ({@link #snapshot(long, double[])}) merges the live slices and walks the
 * buckets; it is meant for one sampler thread (it is synchronized) and allocates only its
 * result. The window holds between {@code maxAge - maxAge/ageBuckets} and {@code maxAge} of
 * data. Quantiles are nearest-rank and within 0.4% (relative) of the exact value for
 * durations up to 2^40 ns (about 18 minutes); longer durations count as that maximum.
 *
 * <p><b>Memory</b>: {@code (ageBuckets + 1) * 4352 * 8} bytes, about 204 KiB with the default
 * five slices, fixed at construction.
 */
public final class LatencyWindow {

  private final long sliceNanos;
  private final long origin;
  private final LongSupplier clock;
  private final Slice[] slices;
  private final LongAdder totalCount = new LongAdder();
  private final LongAdder totalSumNanos = new LongAdder();
  private final long[] merged = new long[LogLinearBuckets.BUCKET_COUNT];
  /** The newest slice recorders have reached. */
  private volatile Slice current;

  /**
   * Creates a window.
   *
   * @param maxAge how long a recording counts; {@code >= 1ms}
   * @param ageBuckets how many slices the window rotates through; {@code 1..1000}
   * @param clock nanosecond clock (e.g. {@code System::nanoTime}), used when no time is passed
   */
  public LatencyWindow(Duration maxAge, int ageBuckets, LongSupplier clock) {
    if (maxAge == null || maxAge.toMillis() < 1) {
      throw ConfigParser.error("latencyMaxAge", "a duration >= 1ms", maxAge);
    }
    if (ageBuckets < 1 || ageBuckets > 1000) {
      throw ConfigParser.error("latencyAgeBuckets", "a whole number in [1, 1000]", ageBuckets);
    }
    if (clock == null) {
      throw ConfigParser.error("clock", "a nanosecond clock", null);
    }
    this.clock = clock;
    this.sliceNanos = Math.max(1, maxAge.toNanos() / ageBuckets);
    this.origin = clock.getAsLong();
    this.slices = new Slice[ageBuckets];
    for (int i = 0; i < ageBuckets; i++) {
      slices[i] = new Slice();
    }
    slices[0].index = 0;
    slices[0].start = origin;
    this.current = slices[0];
  }

  /**
   * Records one duration at the clock's current time.
   *
   * @param durationNanos the duration; negative counts as 0
   */
  public void record(long durationNanos) {
    record(durationNanos, clock.getAsLong());
  }

  /**
   * Records one duration that ended at {@code nowNanos} (a reading of this window's clock),
   * saving a clock read when the caller has one. Lock-free, allocation-free.
   *
   * @param durationNanos the duration; negative counts as 0
   * @param nowNanos the time the duration ended
   */
  public void record(long durationNanos, long nowNanos) {
    long d = durationNanos < 0 ? 0 : durationNanos;
    // Fast path: the time falls in the newest slice, found with a subtraction and two
    // comparisons; the division that maps a time to its slice runs once per slice, not per record.
    Slice slice = current;
    long offset = nowNanos - slice.start;
    if (offset < 0 || offset >= sliceNanos) {
      slice = sliceFor(nowNanos);
    }
    slice.counts.incrementAndGet(LogLinearBuckets.index(d));
    totalCount.increment();
    totalSumNanos.add(d);
  }

  /** The slow path: finds (and if its time has come, clears) the slice of {@code nowNanos}. */
  private Slice sliceFor(long nowNanos) {
    long sliceIndex = Math.floorDiv(nowNanos - origin, sliceNanos);
    Slice slice = slices[(int) Math.floorMod(sliceIndex, (long) slices.length)];
    if (slice.index != sliceIndex) {
      rotate(slice, sliceIndex, origin + sliceIndex * sliceNanos);
    }
    // Racing publishers may briefly leave an older slice as current; the next record that
    // misses the fast path puts the newest back. A late recorder never moves it backwards.
    if (sliceIndex > current.index) {
      current = slice;
    }
    return slice;
  }

  private static void rotate(Slice slice, long sliceIndex, long start) {
    synchronized (slice) {
      // Only move forward: a late recorder from an older slice counts into the newer one.
      if (slice.index < sliceIndex) {
        AtomicLongArray counts = slice.counts;
        for (int i = 0; i < counts.length(); i++) {
          counts.set(i, 0);
        }
        // Written after the clearing: a fast-path recorder that sees the new start sees cleared counts.
        slice.start = start;
        slice.index = sliceIndex;
      }
    }
  }

  /**
   * Reads the window at the clock's current time.
   *
   * @param quantiles the quantiles to compute, each in (0, 1)
   * @return the quantiles (nanoseconds), the window's count and the all-time totals
   */
  public LatencySnapshot snapshot(double[] quantiles) {
    return snapshot(clock.getAsLong(), quantiles);
  }

  /**
   * Reads the window as of {@code nowNanos}: slices older than {@code maxAge} are ignored.
   *
   * @param nowNanos a reading of this window's clock
   * @param quantiles the quantiles to compute, each in (0, 1)
   * @return the quantiles (nanoseconds), the window's count and the all-time totals
   */
  public synchronized LatencySnapshot snapshot(long nowNanos, double[] quantiles) {
    long current = Math.floorDiv(nowNanos - origin, sliceNanos);
    long oldest = current - slices.length + 1;
    java.util.Arrays.fill(merged, 0);
    long count = 0;
    for (Slice slice : slices) {
      long index = slice.index;
      if (index < oldest || index > current) {
        continue;
      }
      AtomicLongArray counts = slice.counts;
      for (int i = 0; i < merged.length; i++) {
        long c = counts.get(i);
        if (c != 0) {
          merged[i] += c;
          count += c;
        }
      }
    }
    double[] qs = quantiles.clone();
    long[] values = new long[qs.length];
    for (int i = 0; i < qs.length; i++) {
      values[i] = LogLinearBuckets.quantile(merged, count, qs[i]);
    }
    return new LatencySnapshot(qs, values, count, totalCount.sum(), totalSumNanos.sum());
  }

  /**
   * The all-time number of recordings (monotonic; not windowed).
   *
   * @return the count
   */
  public long totalCount() {
    return totalCount.sum();
  }

  private static final class Slice {
    volatile long index = Long.MIN_VALUE;
    /** When this slice's time began, on the window's clock. */
    volatile long start;
    final AtomicLongArray counts = new AtomicLongArray(LogLinearBuckets.BUCKET_COUNT);
  }
}
