package dev.pressure.internal;

import dev.pressure.LagStatistic;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Measures scheduling lag the way jHiccup does: a thread asks to sleep {@code resolution}
 * and records how much later than that it woke. GC and safepoint pauses, CPU starvation and
 * cgroup throttling all show up as lag. This is the JVM's counterpart of Node's event-loop
 * delay.
 *
 * <p>{@link #tick()} is called by one probe thread; {@link #drain} by the sampler. A tick
 * records under the probe's lock, as the drain reads, so a drain sees each tick whole or not
 * at all (a half-recorded tick, counted but not yet summed, skewed the mean); the lock is
 * taken once per tick and once per sample, never on a request path. When no tick completed
 * during an interval (the probe thread itself is starved), the drain reports the time since
 * the last wake-up, so a total stall is not read as zero.
 */
public final class SchedulingLagProbe {

  /** Sleeps for the given nanoseconds; injectable so tests drive the probe with a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * Sleeps for about {@code nanos}.
     *
     * @param nanos how long to sleep
     * @throws InterruptedException when the probe is stopped
     */
    void sleep(long nanos) throws InterruptedException;
  }

  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final long resolutionNanos;
  private final AtomicLongArray counts = new AtomicLongArray(LogLinearBuckets.BUCKET_COUNT);
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong sumNanos = new AtomicLong();
  private final AtomicLong maxNanos = new AtomicLong();
  private volatile long lastWake;
  private final long[] drained = new long[LogLinearBuckets.BUCKET_COUNT];

  /**
   * A probe that sleeps {@code resolutionNanos} at a time.
   *
   * @param clock nanosecond clock
   * @param sleeper how to sleep
   * @param resolutionNanos the requested sleep; lag is measured beyond it
   */
  public SchedulingLagProbe(LongSupplier clock, Sleeper sleeper, long resolutionNanos) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.resolutionNanos = resolutionNanos;
    this.lastWake = clock.getAsLong();
  }

  /**
   * Sleeps one resolution and records the lag.
   *
   * @throws InterruptedException when interrupted (the probe stops)
   */
  public void tick() throws InterruptedException {
    long before = clock.getAsLong();
    sleeper.sleep(resolutionNanos);
    long after = clock.getAsLong();
    record(after, Math.max(0, after - before - resolutionNanos));
  }

  private synchronized void record(long wake, long lagNanos) {
    lastWake = wake;
    counts.incrementAndGet(LogLinearBuckets.index(lagNanos));
    count.incrementAndGet();
    sumNanos.addAndGet(lagNanos);
    maxNanos.accumulateAndGet(lagNanos, Math::max);
  }

  /**
   * Reads and resets the lags seen since the last drain. Called by one sampler thread.
   *
   * @param statistic which statistic to report
   * @return the lag in nanoseconds
   */
  public synchronized long drain(LagStatistic statistic) {
    long n = count.getAndSet(0);
    long sum = sumNanos.getAndSet(0);
    long max = maxNanos.getAndSet(0);
    long total = 0;
    for (int i = 0; i < drained.length; i++) {
      long c = counts.getAndSet(i, 0);
      drained[i] = c;
      total += c;
    }
    if (n == 0) {
      // The probe never woke in this interval: it is at least as late as the time since it slept.
      return Math.max(0, clock.getAsLong() - lastWake - resolutionNanos);
    }
    switch (statistic) {
      case MAX: return max;
      case P99: return LogLinearBuckets.quantile(drained, total, 0.99);
      default: return sum / n;
    }
  }
}
