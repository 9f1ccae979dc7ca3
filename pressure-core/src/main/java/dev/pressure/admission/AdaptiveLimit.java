package dev.pressure.admission;

import dev.pressure.admission.internal.GradientLimit;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * An adaptive concurrency limit ({@code maxConcurrentRequests=adaptive}): the number of
 * requests the gate admits at once follows the measured queueing delay, within
 * {@code [minConcurrentRequests, maxConcurrentRequestsLimit]}. As the {@link ConcurrencyLimit} of a
 * gate ({@link AdmissionConfig.Builder#adaptive(AdaptiveLimitConfig)}) it is asked
 * {@link #current()} on each admission and told each released permit (its end and latency, with
 * the in-flight count) and each refusal for capacity or queue time (a drop).
 *
 * <h2>Algorithm</h2>
 * Gradient family (Netflix concurrency-limits' Gradient2, Envoy's adaptive concurrency),
 * updated once per window of {@code max(20 ms, 2 x rtt_noload)} (at most 1 s, at least 10
 * samples) from the window's mean latency {@code rtt}:
 * <pre>
 *   gradient = clamp(1.1 x rtt_noload / rtt, 0.5, 1)      (0.9 at most if the window saw drops)
 *   target   = limit x gradient + sqrt(limit)
 *   limit    = clamp(limit + 0.5 x (target - limit), min, max)
 * </pre>
 * With {@code C} requests of true parallelism and the rest queued, {@code rtt = rtt_noload x
 * limit / C}, so one update lands on {@code 1.1 C + sqrt(limit)}: the service stays busy and
 * the queue is the {@code sqrt} headroom (which also lets the limit grow when latency is flat).
 * The constants: 1.1 absorbs window-to-window noise; 0.5 is the most one window may cut (a
 * single bad window cannot collapse the limit); 0.5 smoothing halves noise and still settles
 * in a few windows; 0.9 on drops is AIMD's back-off.
 *
 * <h2>The peers' faults, and what this does instead</h2>
 * <ul>
 *   <li><b>Growth without bound under modest overload</b> (concurrency-limits PR #134, #137:
 *   Gradient2's long-term average latency follows the inflated latency up, the gradient
 *   returns to 1 and the queue term keeps adding). Here the no-load latency is never an
 *   average of loaded samples, and the limit grows only in a window whose largest in-flight
 *   count reached half the limit and that saw no drops.
 *   <li><b>A minimum latency that creeps up under sustained load</b> (Envoy PR #11579).
 *   {@code rtt_noload} rises only through a probe, and a probe counts only requests that
 *   started after in-flight fell to the probe limit; between probes it can only fall (a
 *   window faster than it lowers it at once).
 *   <li><b>A probe that pins concurrency low and causes 503s</b> (Envoy issue #8337, PR
 *   #9007: concurrency 1, later 3, until 50 samples). The probe holds the limit at half its
 *   value (enough to drain the {@code 0.1 C + sqrt} standing queue, so the service stays
 *   busy), only until {@code min(10, 2 x probe limit)} fresh samples (about two round trips),
 *   every 10 s +-25% (jitter, so replicas do not probe in step), and gives up after
 *   {@code max(250 ms, 10 x rtt_noload)}. A probe also starts at once at the start (the first
 *   window gives only a lower bound), when a window is 10% faster than no-load (the service
 *   got faster: the value is lowered at once and refined), and when two windows in a row asked
 *   for a cut of more than 10% and latency did not fall: cutting shortens a queue, so latency
 *   falls; when it does not, the latency is the service's own and the no-load value is stale
 *   (the service slowed down). Envoy PR #10647 re-measures for the same reason, after five
 *   updates at the minimum.
 * </ul>
 *
 * <p>Thread-safe. {@link #current()} is one volatile read; {@link #onSample} adds to striped
 * counters, takes no lock and allocates nothing; the caller that closes a window recomputes
 * the limit after winning a CAS, and no other caller waits for it.
 */
public final class AdaptiveLimit implements ConcurrencyLimit {

  private final GradientLimit limit;

  private AdaptiveLimit(GradientLimit limit) {
    this.limit = limit;
  }

  /**
   * A limit on the given clock, starting at {@link AdaptiveLimitConfig#initialLimit()}.
   *
   * @param config bounds, start and probe interval
   * @param nanoClock the monotonic clock samples' end times are read from ({@code System::nanoTime}
   *     in production, a fake in tests)
   * @return a new limit
   */
  public static AdaptiveLimit create(AdaptiveLimitConfig config, LongSupplier nanoClock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(nanoClock, "nanoClock");
    return new AdaptiveLimit(new GradientLimit(config, nanoClock, System.identityHashCode(nanoClock)
        ^ nanoClock.getAsLong()));
  }

  /** {@return how many requests may be in flight now} */
  @Override
  public int current() {
    return limit.current();
  }

  /** A released permit, its end read by the gate: {@code onSample(endNanos, latencyNanos, inFlight, false)}. */
  @Override
  public void onComplete(long endNanos, long latencyNanos, int inFlight) {
    limit.onSample(endNanos, latencyNanos, inFlight, false);
  }

  /** A released permit: {@code onSample(latencyNanos, inFlight, false)}, reading the clock. */
  @Override
  public void onComplete(long latencyNanos, int inFlight) {
    limit.onSample(latencyNanos, inFlight, false);
  }

  /**
   * A request that failed for overload (reported by the caller; the gate's own refusals are
   * not drops): a dropped sample, so the window backs off.
   */
  @Override
  public void onDrop(long nowNanos, int inFlight) {
    limit.onSample(nowNanos, 0, inFlight, true);
  }

  /** A refusal without a time: a dropped sample at the clock's reading now. */
  @Override
  public void onDrop() {
    limit.onSample(0, 0, true);
  }

  /**
   * Records a finished request whose end the caller already read, so an admitted request
   * reads the clock once.
   *
   * @param endNanos its end, a reading of the limit's clock
   * @param rttNanos its latency, from the container's arrival time where there is one
   * @param inFlight admitted requests in flight when it finished, itself included
   * @param dropped true when it failed for overload (a timeout, a refusal downstream): its
   *     latency is not a sample, and the window backs off by 10%
   */
  public void onSample(long endNanos, long rttNanos, int inFlight, boolean dropped) {
    limit.onSample(endNanos, rttNanos, inFlight, dropped);
  }

  /**
   * Records a finished request, reading the clock for its end.
   *
   * @param rttNanos its latency
   * @param inFlight admitted requests in flight when it finished, itself included
   * @param dropped true when it failed for overload
   */
  public void onSample(long rttNanos, int inFlight, boolean dropped) {
    limit.onSample(rttNanos, inFlight, dropped);
  }

  /** {@return the no-load latency estimate in nanoseconds; 0 before the first window closed} */
  public long noLoadRttNanos() {
    return limit.noLoadNanos();
  }

  /** {@return true while a probe holds the limit at half to re-measure the no-load latency} */
  public boolean probing() {
    return limit.probing();
  }

  @Override
  public String toString() {
    return "adaptive(" + limit.current() + ")";
  }
}
