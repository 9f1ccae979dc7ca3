package dev.pressure.admission.internal;

import dev.pressure.admission.AdaptiveLimitConfig;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A gradient concurrency limit (the Gradient/Vegas family) with a no-load latency that is
 * re-measured in a drained epoch at half the limit. The equations and the reason for each
 * constant are on {@link dev.pressure.admission.AdaptiveLimit}; this class is the mechanism.
 *
 * <p>Every {@link #onSample} adds to lock-free accumulators; the one caller that finds the
 * update window over wins a CAS and recomputes the limit (others never wait). All state
 * other than the accumulators and the published volatiles is touched only by that winner,
 * and the CAS and its release order those touches. No allocation after construction.
 */
public final class GradientLimit {

  /** Window length in no-load round trips: one for the requests to see the last change, one to measure. */
  static final int WINDOW_RTTS = 2;
  /** Shortest update window, so a 1 ms service is not recomputed on every handful of requests. */
  static final long MIN_WINDOW_NANOS = 20_000_000L;
  /** Longest update window, so a slow or quiet service still updates about once a second. */
  static final long MAX_WINDOW_NANOS = 1_000_000_000L;
  /** Samples a window needs before it updates (unless it reached {@link #MAX_WINDOW_NANOS}). */
  static final int MIN_SAMPLES = 10;
  /** Latency within this factor of no-load counts as no queueing: absorbs window-to-window noise. */
  static final double TOLERANCE = 1.1;
  /** Lowest gradient of one update: at most halve per window (one bad window cannot collapse it). */
  static final double MIN_GRADIENT = 0.5;
  /** Gradient cap for a window that saw drops: a 10% back-off, AIMD's default in concurrency-limits. */
  static final double DROP_GRADIENT = 0.9;
  /** Weight of the new estimate: halves noise, still settles within a few windows. */
  static final double SMOOTHING = 0.5;
  /** A window whose target is below this share of the limit asks for a real cut... */
  static final double CUT = 0.9;
  /** ...and if its latency did not fall below this share of the previous window's, the cut did nothing. */
  static final double FLAT = 0.95;
  /** That many such windows in a row mean the no-load latency is stale (the service slowed): re-measure. */
  static final int STALE_RUNS = 2;
  /** A window this much faster than no-load means the service got faster: lower at once, then re-measure. */
  static final double FASTER = 0.9;
  /** Probe limit as a share of the limit: drains a standing queue even at small limits. */
  static final double PROBE_FACTOR = 0.5;
  /** Most samples a probe collects; at small limits it takes two per permit instead. */
  static final int PROBE_SAMPLES = 10;
  /** Probe gives up (keeping the old value) after this many no-load round trips... */
  static final int PROBE_TIMEOUT_RTTS = 10;
  /** ...but never sooner than this. */
  static final long PROBE_MIN_TIMEOUT_NANOS = 250_000_000L;
  /** Relative jitter of the probe interval (+-), so replicas do not probe in step (Envoy #8337). */
  static final double PROBE_JITTER = 0.25;

  private static final int NOT_PROBING = 0;
  private static final int DRAINING = 1;
  private static final int MEASURING = 2;

  private final LongSupplier clock;
  private final int minLimit;
  private final int maxLimit;
  private final long probeIntervalNanos;
  private final SplittableRandom random;

  // Accumulators of the current window, written by every sample.
  private final LongAdder rttSum = new LongAdder();
  private final LongAdder samples = new LongAdder();
  private final LongAdder drops = new LongAdder();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong minRtt = new AtomicLong(Long.MAX_VALUE);
  private final LongAdder probeSum = new LongAdder();
  private final LongAdder probeCount = new LongAdder();
  private final AtomicBoolean updating = new AtomicBoolean();

  // Published to request threads.
  private volatile int limit;
  private volatile int phase = NOT_PROBING;
  private volatile int probeLimit;
  private volatile long epochStart;
  private volatile long windowStart;
  private volatile long noLoadNanos; // 0 until the first window

  // Touched only by the update winner.
  private double estimate;
  private int staleRuns;
  private double previousMean;
  private long probeStartedAt;
  private long nextProbeAt;
  private long updates;
  private long probes;

  /**
   * @param config bounds, start and probe interval
   * @param clock monotonic nanoseconds, the clock the samples' end times are read from
   * @param seed seed of the probe-interval jitter
   */
  public GradientLimit(AdaptiveLimitConfig config, LongSupplier clock, long seed) {
    this.clock = clock;
    this.minLimit = config.minLimit();
    this.maxLimit = config.maxLimit();
    this.probeIntervalNanos = config.probeInterval().toNanos();
    this.random = new SplittableRandom(seed);
    this.estimate = config.initialLimit();
    this.limit = config.initialLimit();
    long now = clock.getAsLong();
    this.windowStart = now;
    // The first window only gives a lower bound (its fastest request); its update probes at
    // once to replace that with a drained mean, so a start is not biased for 10 s.
    this.nextProbeAt = now;
  }

  /** {@return the limit now; one volatile read} */
  public int current() {
    return limit;
  }

  /** {@return the no-load latency estimate in nanoseconds, 0 before the first update} */
  public long noLoadNanos() {
    return noLoadNanos;
  }

  /** {@return true while a no-load re-measurement holds the limit at the probe limit} */
  public boolean probing() {
    return phase != NOT_PROBING;
  }

  /** {@return updates of the limit so far (for tests and metrics)} */
  public long updates() {
    return updates;
  }

  /** {@return probes started so far} */
  public long probes() {
    return probes;
  }

  /**
   * Records one finished request, reading the clock for its end.
   *
   * @param rttNanos its latency
   * @param inFlight admitted requests in flight when it finished, itself included
   * @param dropped true when it failed for overload (timed out, refused downstream)
   */
  public void onSample(long rttNanos, int inFlight, boolean dropped) {
    onSample(clock.getAsLong(), rttNanos, inFlight, dropped);
  }

  /**
   * Records one finished request whose end the caller already read.
   *
   * @param endNanos when it finished, a reading of this limit's clock
   * @param rttNanos its latency; negative values (clock misuse) are ignored
   * @param inFlight admitted requests in flight when it finished, itself included
   * @param dropped true when it failed for overload (timed out, refused downstream)
   */
  public void onSample(long endNanos, long rttNanos, int inFlight, boolean dropped) {
    if (rttNanos < 0) {
      return;
    }
    if (dropped) {
      drops.increment();
    } else {
      rttSum.add(rttNanos);
      samples.increment();
      if (rttNanos < minRtt.get()) { // read first: a write on every request would contend
        minRtt.accumulateAndGet(rttNanos, Math::min);
      }
    }
    if (inFlight > maxInFlight.get()) {
      maxInFlight.accumulateAndGet(inFlight, Math::max);
    }
    int p = phase;
    if (p == DRAINING && inFlight <= probeLimit) {
      // Envoy #11579: only requests that start after the excess drained count, so the
      // queue built before the probe cannot leak into the no-load value.
      epochStart = endNanos;
      phase = MEASURING;
    } else if (p == MEASURING && !dropped && endNanos - rttNanos >= epochStart) {
      probeSum.add(rttNanos);
      probeCount.increment();
    }
    long elapsed = endNanos - windowStart;
    if (elapsed >= windowNanos() && (p != NOT_PROBING || samples.sum() >= MIN_SAMPLES
        || drops.sum() > 0 || elapsed >= MAX_WINDOW_NANOS) && updating.compareAndSet(false, true)) {
      try {
        update(endNanos);
      } finally {
        updating.set(false);
      }
    }
  }

  private long windowNanos() {
    return Math.min(MAX_WINDOW_NANOS, Math.max(MIN_WINDOW_NANOS, WINDOW_RTTS * noLoadNanos));
  }

  private void update(long now) {
    if (now - windowStart < windowNanos()) {
      return; // another caller closed this window between our check and our CAS
    }
    windowStart = now;
    long n = samples.sumThenReset();
    long sum = rttSum.sumThenReset();
    long d = drops.sumThenReset();
    int used = maxInFlight.getAndSet(0);
    long min = minRtt.getAndSet(Long.MAX_VALUE);
    updates++;
    if (phase != NOT_PROBING) {
      probeStep(now);
      return;
    }
    if (n == 0 && d == 0) {
      return;
    }
    double current = estimate;
    double gradient;
    double mean = 0;
    boolean faster = false;
    if (n == 0) {
      gradient = MIN_GRADIENT; // only drops: back off hard
    } else {
      mean = Math.max(1.0, (double) sum / n);
      long noLoad = noLoadNanos;
      if (noLoad == 0) {
        noLoad = Math.max(1, min); // first window: its fastest request, a lower bound (a probe follows)
      } else if (mean < FASTER * noLoad) {
        noLoad = (long) mean; // the service got faster: lower now, and let a probe refine it
        faster = true;
      }
      noLoadNanos = noLoad;
      gradient = clamp(TOLERANCE * noLoad / mean, MIN_GRADIENT, 1.0);
    }
    if (d > 0) {
      gradient = Math.min(gradient, DROP_GRADIENT);
    }
    double target = current * gradient + Math.sqrt(current);
    // Concurrency-limits #134/#137: grow only when the limit is used and nothing dropped.
    if (target > current && (used < current / 2 || d > 0)) {
      target = current;
    }
    estimate = clamp(current + SMOOTHING * (target - current), minLimit, maxLimit);
    limit = (int) estimate;
    // Cutting the limit shortens a queue, so latency falls; when it does not, latency is the
    // service's own, and the no-load value below it is stale.
    boolean stale = n > 0 && target < CUT * current && previousMean > 0 && mean >= FLAT * previousMean;
    staleRuns = stale ? staleRuns + 1 : 0;
    previousMean = mean;
    if (faster || staleRuns >= STALE_RUNS || now - nextProbeAt >= 0) {
      startProbe(now);
    }
  }

  private void startProbe(long now) {
    probes++;
    staleRuns = 0;
    previousMean = 0;
    probeStartedAt = now;
    probeSum.reset();
    probeCount.reset();
    probeLimit = Math.max(minLimit, (int) Math.ceil(estimate * PROBE_FACTOR));
    phase = DRAINING;
    limit = probeLimit;
  }

  private void probeStep(long now) {
    long count = probeCount.sum();
    long needed = Math.max(3, Math.min(PROBE_SAMPLES, 2L * probeLimit));
    if (phase == MEASURING && count >= needed) {
      noLoadNanos = Math.max(1, probeSum.sum() / count);
      endProbe(now);
    } else if (now - probeStartedAt > Math.max(PROBE_MIN_TIMEOUT_NANOS, PROBE_TIMEOUT_RTTS * noLoadNanos)) {
      endProbe(now); // too little traffic to measure: keep the old value
    }
  }

  private void endProbe(long now) {
    phase = NOT_PROBING;
    nextProbeAt = now + jittered();
    limit = (int) estimate;
  }

  private long jittered() {
    return (long) (probeIntervalNanos * (1 + PROBE_JITTER * (2 * random.nextDouble() - 1)));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
