package dev.pressure.bench.overload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one configuration did in the capacity-step scenario ({@link CapacityStep}): the gate's
 * limit sampled on the server, the client's per-window goodput and p99, statistics per phase,
 * and the settle time after each step.
 *
 * <h2>Settled</h2>
 * For a phase {@code [from, to)} that starts with a step, let {@code ref} be the median limit of
 * the samples in its last half, {@code [(from + to) / 2, to)}, and {@code band = max(0.2 x ref, 1)}
 * (±20%, or ±1 permit when that is larger). The limit has <b>settled</b> at the earliest sample
 * time {@code t >= from} from which every sample up to {@code to} lies within
 * {@code ref ± band}; the <b>settle time</b> is {@code t - from}, to the resolution of the
 * sampling interval, and 0 when every sample after the step is in the band. It is NaN ("never settles") when the last sample is outside the band, or
 * when the in-band run at the end is shorter than a quarter of the phase (a limit that only
 * happens to pass through the band at the end has not settled), or when the phase has no
 * samples in its last half.
 *
 * <p>It is computed two ways: counting every sample, and leaving out the samples taken while
 * the adaptive limit was probing (a probe holds the limit at half for a few round trips every
 * 10 s ±25% to re-measure the no-load latency, by design; the core's own simulation leaves those
 * out the same way). A fixed limit is always settled at once (0).
 *
 * <p>Immutable; thread-safe.
 *
 * @param protection the configuration
 * @param description its settings
 * @param offeredPerSecond the constant offered load
 * @param samples the gate, sampled on the server (empty without a pressure gate)
 * @param windows the client's view per window, by response arrival
 * @param phases statistics per phase
 * @param steps one per step: into the doubled service time, and back
 */
record CapacityStepResult(
    Protection protection,
    String description,
    double offeredPerSecond,
    List<Sample> samples,
    List<Window> windows,
    List<PhaseStats> phases,
    List<Step> steps) {

  /** Share of the reference value that still counts as settled. */
  static final double BAND_SHARE = 0.2;
  /** The smallest band, in permits. */
  static final double BAND_MIN_PERMITS = 1;
  /** The in-band run at the end must cover at least this share of the phase. */
  static final double MIN_HOLD_SHARE = 0.25;

  /**
   * One reading of the gate.
   *
   * @param atMillis from the start of the run
   * @param limit the permit count
   * @param inFlight permits held
   * @param queued requests waiting
   * @param noLoadMillis the adaptive limit's no-load latency estimate (NaN: fixed limit, or not visible)
   * @param probing whether the adaptive limit was probing
   */
  record Sample(double atMillis, int limit, int inFlight, int queued, double noLoadMillis, boolean probing) {}

  /**
   * The client's view of one window, by the time responses arrived.
   *
   * @param startMillis from the start of the run
   * @param goodputPerSecond successes that arrived in the window, per second
   * @param p99Millis p99 latency of those (NaN without any)
   * @param rejectedPerSecond 429/503 answers that arrived in the window, per second
   */
  record Window(double startMillis, double goodputPerSecond, double p99Millis, double rejectedPerSecond) {}

  /**
   * One phase, over the requests whose intended send time fell in it.
   *
   * @param name base, doubled, base-again
   * @param serviceMillis the service time
   * @param capacityPerSecond the capacity measured at that service time
   * @param startMillis from the start of the run
   * @param endMillis where it ends
   * @param sent requests sent
   * @param goodputPerSecond successes per second of the phase
   * @param p50Millis median latency of successes
   * @param p99Millis p99 latency of successes
   * @param rejectedShare share answered 429/503
   * @param timeoutShare share the client gave up on
   * @param limitMedian median limit over the phase's last half, probes left out (NaN: no samples)
   * @param noLoadMillis median no-load estimate over the phase's last half (NaN: none)
   * @param probes probes that started in the phase
   */
  record PhaseStats(String name, double serviceMillis, double capacityPerSecond, double startMillis,
      double endMillis, long sent, double goodputPerSecond, double p50Millis, double p99Millis,
      double rejectedShare, double timeoutShare, double limitMedian, double noLoadMillis, int probes) {}

  /**
   * One step.
   *
   * @param name "x2" (service time doubles) or "x0.5" (back)
   * @param atMillis when the service time changed, from the start of the run
   * @param limitBefore median limit over the last half of the phase before (probes left out)
   * @param limitAfter median limit over the last half of the phase after (probes left out)
   * @param settleMillis settle time, probe samples left out; NaN: never settled
   * @param settleWithProbesMillis settle time counting every sample; NaN: never settled
   */
  record Step(String name, double atMillis, double limitBefore, double limitAfter, double settleMillis,
      double settleWithProbesMillis) {}

  /** @return whether this configuration had a gate whose limit was sampled */
  boolean sampled() {
    return !samples.isEmpty();
  }

  /**
   * The settle time of the phase {@code [fromMillis, toMillis)}, as defined in the class comment.
   *
   * @param samples the limit timeline, in time order
   * @param fromMillis the step
   * @param toMillis the end of the phase
   * @param skipProbes whether samples taken while probing are left out
   * @return milliseconds from the step; NaN when it never settled
   */
  static double settleMillis(List<Sample> samples, double fromMillis, double toMillis, boolean skipProbes) {
    List<Sample> in = phase(samples, fromMillis, toMillis, skipProbes);
    double ref = median(in, (fromMillis + toMillis) / 2);
    if (Double.isNaN(ref)) {
      return Double.NaN;
    }
    double band = Math.max(BAND_SHARE * ref, BAND_MIN_PERMITS);
    int k = in.size();
    while (k > 0 && Math.abs(in.get(k - 1).limit() - ref) <= band) {
      k--;
    }
    if (k == in.size()) {
      return Double.NaN; // the last sample is outside the band
    }
    if (k == 0) {
      return 0; // never left the band after the step
    }
    double settledAt = in.get(k).atMillis();
    if (toMillis - settledAt < MIN_HOLD_SHARE * (toMillis - fromMillis)) {
      return Double.NaN;
    }
    return settledAt - fromMillis;
  }

  /**
   * The median limit over the last half of {@code [fromMillis, toMillis)}.
   *
   * @return the median; NaN without samples there
   */
  static double referenceLimit(List<Sample> samples, double fromMillis, double toMillis, boolean skipProbes) {
    return median(phase(samples, fromMillis, toMillis, skipProbes), (fromMillis + toMillis) / 2);
  }

  private static List<Sample> phase(List<Sample> samples, double fromMillis, double toMillis, boolean skipProbes) {
    List<Sample> in = new ArrayList<>();
    for (Sample s : samples) {
      if (s.atMillis() >= fromMillis && s.atMillis() < toMillis && !(skipProbes && s.probing())) {
        in.add(s);
      }
    }
    return in;
  }

  private static double median(List<Sample> in, double fromMillis) {
    double[] v = in.stream().filter(s -> s.atMillis() >= fromMillis).mapToDouble(Sample::limit).toArray();
    return medianOf(v);
  }

  static double medianOf(double[] v) {
    double[] finite = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
    if (finite.length == 0) {
      return Double.NaN;
    }
    int n = finite.length;
    return n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2;
  }

  /**
   * Builds one configuration's result from the raw run.
   *
   * @param protection the configuration
   * @param description its settings
   * @param offered the offered load per second
   * @param rec the client's outcomes
   * @param startNanos when the schedule started
   * @param boundaries phase boundaries in milliseconds from the start: 4 values (start, step 1, step 2, end)
   * @param names the three phase names
   * @param serviceMillis the three service times
   * @param capacities the capacity measured at each phase's service time
   * @param samples the gate's timeline (empty when there is none)
   * @param windowMillis client window width
   * @return the result
   */
  static CapacityStepResult of(Protection protection, String description, double offered, CellRecording rec,
      long startNanos, double[] boundaries, String[] names, double[] serviceMillis, double[] capacities,
      List<Sample> samples, int windowMillis) {
    int phases = names.length;
    Histogram[] ok = new Histogram[phases];
    long[] sent = new long[phases];
    long[] rejected = new long[phases];
    long[] timeouts = new long[phases];
    for (int p = 0; p < phases; p++) {
      ok[p] = histogram();
    }
    double endMillis = boundaries[phases];
    int nWindows = (int) Math.ceil(endMillis / windowMillis) + 1;
    int[] wOk = new int[nWindows];
    int[] wRejected = new int[nWindows];
    Histogram[] wLatency = new Histogram[nWindows];
    for (int i = 0; i < rec.size(); i++) {
      double at = (rec.intended(i) - startNanos) / 1e6;
      double arrived = at + rec.latency(i) / 1e6;
      long micros = Math.max(1, rec.latency(i) / 1000);
      int w = (int) Math.floor(arrived / windowMillis);
      if (w >= 0 && w < nWindows) {
        if (rec.ok(i)) {
          wOk[w]++;
          if (wLatency[w] == null) {
            wLatency[w] = histogram();
          }
          wLatency[w].recordValue(micros);
        } else if (rec.rejected(i)) {
          wRejected[w]++;
        }
      }
      int p = phaseOf(boundaries, at);
      if (p < 0) {
        continue;
      }
      sent[p]++;
      if (rec.ok(i)) {
        ok[p].recordValue(micros);
      } else if (rec.rejected(i)) {
        rejected[p]++;
      } else if (rec.status(i) == Outcomes.TIMEOUT) {
        timeouts[p]++;
      }
    }
    List<Window> windows = new ArrayList<>();
    for (int w = 0; w * windowMillis < endMillis; w++) {
      double seconds = windowMillis / 1000.0;
      windows.add(new Window(w * (double) windowMillis, wOk[w] / seconds,
          wLatency[w] == null ? Double.NaN : wLatency[w].getValueAtPercentile(99) / 1000.0, wRejected[w] / seconds));
    }
    List<PhaseStats> stats = new ArrayList<>();
    for (int p = 0; p < phases; p++) {
      double from = boundaries[p];
      double to = boundaries[p + 1];
      double n = Math.max(1, sent[p]);
      List<Sample> in = phase(samples, from, to, false);
      double[] noLoad = in.stream().filter(s -> s.atMillis() >= (from + to) / 2).mapToDouble(Sample::noLoadMillis)
          .toArray();
      int probes = 0;
      boolean was = false;
      for (Sample s : in) {
        if (s.probing() && !was) {
          probes++;
        }
        was = s.probing();
      }
      stats.add(new PhaseStats(names[p], serviceMillis[p], capacities[p], from, to, sent[p],
          ok[p].getTotalCount() / ((to - from) / 1000.0), millis(ok[p], 50), millis(ok[p], 99),
          rejected[p] / n, timeouts[p] / n, referenceLimit(samples, from, to, true), medianOf(noLoad), probes));
    }
    List<Step> steps = new ArrayList<>();
    for (int p = 1; p < phases; p++) {
      double from = boundaries[p];
      double to = boundaries[p + 1];
      String name = serviceMillis[p] > serviceMillis[p - 1] ? "x2" : "x0.5";
      if (samples.isEmpty()) {
        steps.add(new Step(name, from, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
      } else {
        steps.add(new Step(name, from, stats.get(p - 1).limitMedian(), stats.get(p).limitMedian(),
            settleMillis(samples, from, to, true), settleMillis(samples, from, to, false)));
      }
    }
    return new CapacityStepResult(protection, description, offered, List.copyOf(samples), List.copyOf(windows),
        List.copyOf(stats), List.copyOf(steps));
  }

  private static int phaseOf(double[] boundaries, double atMillis) {
    for (int p = 0; p + 1 < boundaries.length; p++) {
      if (atMillis >= boundaries[p] && atMillis < boundaries[p + 1]) {
        return p;
      }
    }
    return -1;
  }

  private static Histogram histogram() {
    return new Histogram(1, 600_000_000L, 2); // 1 us .. 10 min, 1% resolution
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
