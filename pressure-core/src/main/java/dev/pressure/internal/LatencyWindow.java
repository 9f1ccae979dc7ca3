package dev.pressure.internal;

import dev.pressure.LatencySnapshot;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A sliding window of request durations from which quantiles are read: the last
 * {@code maxAge} of recordings, kept in {@code ageBuckets} time slices that rotate, so the
 * window forgets old load the way a Prometheus {@code Summary} with {@code maxAgeSeconds} and
 * {@code ageBuckets} does (the articles rely on this to close the circuit after load stops).
 *
 * <p><b>Recording</b> ({@link #record(long, long)}) never takes a lock, never waits for another
 * thread and never clears memory: a volatile read and two comparisons find the current slice,
 * then one {@code AtomicLongArray} increment and two {@link LongAdder} adds. Every step is a
 * single atomic instruction or a lock-free {@code LongAdder} update, so a recorder completes
 * whatever the sampler or other recorders are doing (including a sampler stopped in the
 * middle of clearing a slice). It allocates nothing.
 *
 * <p><b>Rotation</b> is the reader's job: each {@link #snapshot(long, double[])} clears the
 * slices that are about to become current ({@code lookahead} of them, ahead of their turn) and
 * tags each with the slice index it now holds; a recorder counts into a slice only when the
 * slice's tag is its own index. When the reader has fallen behind (no snapshot for more than
 * {@code lookahead} slices) a recorder finds its slice not ready and counts into a shared
 * overflow array instead, which the next snapshot moves into the newest slice that received
 * such recordings: nothing is lost, though those recordings may be kept up to one slice longer
 * than their age. A recorder delayed (descheduled) for a whole window may count into the slice
 * that replaced its own; nothing is lost from the totals.
 *
 * <p><b>Reading</b> ({@link #snapshot(long, double[])}) is meant for one sampler thread (it is
 * synchronized) and allocates only its result. The window holds between
 * {@code maxAge - maxAge/ageBuckets} and {@code maxAge} of data. Quantiles are nearest-rank and
 * within 0.4% (relative) of the exact value for durations up to 2^40 ns (about 18 minutes);
 * longer durations count as that maximum.
 *
 * <p><b>Memory</b>: {@code (ageBuckets + lookahead) * 4352 * 8} bytes, about 238 KiB with
 * the default five slices read every second, fixed at construction.
 */
public final class LatencyWindow {

  /** Most slices cleared ahead; beyond that, late recordings go to the overflow array. */
  static final int MAX_LOOKAHEAD = 8;

  private final long sliceNanos;
  private final long origin;
  private final int ageBuckets;
  private final int lookahead;
  private final LongSupplier clock;
  private final Slice[] slices;
  private final AtomicLongArray overflow = new AtomicLongArray(LogLinearBuckets.BUCKET_COUNT);
  /** Newest slice index counted into {@link #overflow}; Long.MIN_VALUE when it is empty. */
  private final AtomicLong overflowIndex = new AtomicLong(Long.MIN_VALUE);
  private final LongAdder totalCount = new LongAdder();
  private final LongAdder totalSumNanos = new LongAdder();
  private final long[] merged = new long[LogLinearBuckets.BUCKET_COUNT];
  /** The newest slice recorders have reached (a hint for the fast path; never wrong, maybe old). */
  private volatile Slice current;
  /** Test seam: runs half-way through clearing a slice, on the reader's thread. */
  volatile Runnable midClear;

  /**
   * Creates a window that is read about once per slice (one slice cleared ahead).
   *
   * @param maxAge how long a recording counts; {@code >= 1ms}
   * @param ageBuckets how many slices the window rotates through; {@code 1..1000}
   * @param clock nanosecond clock (e.g. {@code System::nanoTime}), used when no time is passed
   */
  public LatencyWindow(Duration maxAge, int ageBuckets, LongSupplier clock) {
    this(maxAge, ageBuckets, null, clock);
  }

  /**
   * Creates a window read every {@code readInterval}: enough slices are cleared ahead that
   * recorders find theirs ready between two reads.
   *
   * @param maxAge how long a recording counts; {@code >= 1ms}
   * @param ageBuckets how many slices the window rotates through; {@code 1..1000}
   * @param readInterval how often {@link #snapshot} runs; null for once per slice
   * @param clock nanosecond clock (e.g. {@code System::nanoTime}), used when no time is passed
   */
  public LatencyWindow(Duration maxAge, int ageBuckets, Duration readInterval, LongSupplier clock) {
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
    this.ageBuckets = ageBuckets;
    this.sliceNanos = Math.max(1, maxAge.toNanos() / ageBuckets);
    long reads = readInterval == null ? 0 : (readInterval.toNanos() + sliceNanos - 1) / sliceNanos;
    this.lookahead = (int) Math.max(1, Math.min(MAX_LOOKAHEAD, reads + 1));
    this.origin = clock.getAsLong();
    // The live slices and the ones cleared ahead: the slice cleared for index now + lookahead
    // last held now - ageBuckets, which has just left the window.
    this.slices = new Slice[ageBuckets + lookahead];
    for (int i = 0; i < slices.length; i++) {
      slices[i] = new Slice();
    }
    synchronized (this) {
      prepare(0);
    }
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
   * saving a clock read when the caller has one. Lock-free, wait-free of the reader,
   * allocation-free.
   *
   * @param durationNanos the duration; negative counts as 0
   * @param nowNanos the time the duration ended
   */
  public void record(long durationNanos, long nowNanos) {
    long d = durationNanos < 0 ? 0 : durationNanos;
    int bucket = LogLinearBuckets.index(d);
    // Fast path: the time falls in the newest slice, found with a subtraction and two
    // comparisons; the division that maps a time to its slice runs once per slice, not per record.
    Slice slice = current;
    long offset = nowNanos - slice.start;
    if (offset >= 0 && offset < sliceNanos) {
      slice.counts.incrementAndGet(bucket);
    } else {
      recordSlow(bucket, nowNanos);
    }
    totalCount.increment();
    totalSumNanos.add(d);
  }

  private void recordSlow(int bucket, long nowNanos) {
    long index = Math.floorDiv(nowNanos - origin, sliceNanos);
    Slice slice = slices[slot(index)];
    if (slice.index == index) {
      slice.counts.incrementAndGet(bucket);
      // Racing recorders may briefly publish an older slice; the fast path checks its start, so
      // an old hint only costs a slow path.
      if (slice.start > current.start) {
        current = slice;
      }
      return;
    }
    // Not cleared yet (the reader is late): count into the overflow, never clear here.
    overflow.incrementAndGet(bucket);
    long seen;
    while (index > (seen = overflowIndex.get())) {
      if (overflowIndex.compareAndSet(seen, index)) {
        break;
      }
    }
  }

  private int slot(long index) {
    return (int) Math.floorMod(index, (long) slices.length);
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
   * Reads the window as of {@code nowNanos} (slices older than {@code maxAge} are ignored) and
   * clears the slices that come next.
   *
   * @param nowNanos a reading of this window's clock
   * @param quantiles the quantiles to compute, each in (0, 1)
   * @return the quantiles (nanoseconds), the window's count and the all-time totals
   */
  public synchronized LatencySnapshot snapshot(long nowNanos, double[] quantiles) {
    long now = Math.floorDiv(nowNanos - origin, sliceNanos);
    long oldest = now - ageBuckets + 1;
    prepare(oldest);
    drainOverflow(oldest, now);
    Arrays.fill(merged, 0);
    long count = 0;
    for (Slice slice : slices) {
      long index = slice.index;
      if (index < oldest || index > now) {
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

  /** Makes every slice from {@code oldest} to the lookahead hold its index (cleared if it did not). */
  private void prepare(long oldest) {
    long newest = oldest + ageBuckets - 1 + lookahead;
    for (long index = Math.max(oldest, 0); index <= newest; index++) {
      Slice slice = slices[slot(index)];
      if (slice.index >= index) {
        continue;
      }
      AtomicLongArray counts = slice.counts;
      int half = counts.length() / 2;
      for (int i = 0; i < counts.length(); i++) {
        if (i == half) {
          Runnable hook = midClear;
          if (hook != null) {
            hook.run();
          }
        }
        counts.set(i, 0);
      }
      // Written after the clearing (volatile): a recorder that sees the new start or index sees
      // cleared counts. Until then recorders of this index use the overflow.
      slice.start = origin + index * sliceNanos;
      slice.index = index;
    }
  }

  /** Moves late recordings into the newest slice they belong to (or drops them when too old). */
  private void drainOverflow(long oldest, long now) {
    long index = overflowIndex.get();
    if (index == Long.MIN_VALUE || index > now) {
      return; // empty, or stamped in the future: not read early
    }
    overflowIndex.compareAndSet(index, Long.MIN_VALUE);
    Slice target = index < oldest ? null : slices[slot(Math.min(index, now))];
    // getAndSet: a recording that races the drain is either moved now or stays for the next read.
    for (int i = 0; i < overflow.length(); i++) {
      if (overflow.get(i) != 0) {
        long c = overflow.getAndSet(i, 0);
        if (target != null && c != 0) {
          target.counts.addAndGet(i, c);
        }
      }
    }
  }

  /**
   * The all-time number of recordings (monotonic; not windowed).
   *
   * @return the count
   */
  public long totalCount() {
    return totalCount.sum();
  }

  /**
   * The all-time sum of recorded durations (monotonic; not windowed).
   *
   * @return nanoseconds
   */
  public long totalSumNanos() {
    return totalSumNanos.sum();
  }

  private static final class Slice {
    volatile long index = Long.MIN_VALUE;
    /** When this slice's time began, on the window's clock. */
    volatile long start = Long.MIN_VALUE / 2;
    final AtomicLongArray counts = new AtomicLongArray(LogLinearBuckets.BUCKET_COUNT);
  }
}
