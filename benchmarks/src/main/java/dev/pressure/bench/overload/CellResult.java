package dev.pressure.bench.overload;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one cell measured, over its overload phase (requests whose intended send time falls
 * in it): goodput, latency of successes, rejections, and the reaction times.
 *
 * <p>Immutable; thread-safe.
 *
 * @param workload the workload
 * @param protection the configuration
 * @param description the configuration's settings
 * @param loadFactor offered load as a multiple of the measured capacity
 * @param offeredPerSecond offered load, requests per second
 * @param capacityPerSecond the measured capacity
 * @param sent requests sent in the overload phase
 * @param goodputPerSecond successes per second of the overload phase
 * @param p50Millis median latency of successes
 * @param p99Millis p99 latency of successes
 * @param p999Millis p99.9 latency of successes
 * @param rejectedShare share of requests answered 429/503
 * @param rejectP50Millis median latency of rejections (NaN without any)
 * @param rejectP99Millis p99 latency of rejections (NaN without any)
 * @param timeoutShare share of requests the client gave up on
 * @param errorShare share of other failures (other statuses, connection errors)
 * @param firstShedMillis from the start of the overload phase to the first rejected request's send (NaN: none)
 * @param timeline per-{@link #BUCKET_MILLIS} buckets over the whole cell
 * @param overloadStartMillis where the overload phase starts on the timeline
 * @param overloadEndMillis where it ends (the load drops back)
 * @param endMillis where the last phase ends
 */
record CellResult(
    Workload workload,
    Protection protection,
    String description,
    double loadFactor,
    double offeredPerSecond,
    double capacityPerSecond,
    long sent,
    double goodputPerSecond,
    double p50Millis,
    double p99Millis,
    double p999Millis,
    double rejectedShare,
    double rejectP50Millis,
    double rejectP99Millis,
    double timeoutShare,
    double errorShare,
    double firstShedMillis,
    List<Bucket> timeline,
    double overloadStartMillis,
    double overloadEndMillis,
    double endMillis) {

  /** Width of a timeline bucket. */
  static final int BUCKET_MILLIS = 100;

  /**
   * One slice of the timeline. The first five values count requests by intended send time
   * (what happened to requests sent then); the last two count successes by the time their
   * response arrived (what the client saw then).
   *
   * @param startMillis from the start of the cell
   * @param ok successes
   * @param rejected 429/503 answers
   * @param failed timeouts and errors
   * @param maxOkMillis the slowest success (0 without any)
   * @param okArrived successes whose response arrived in this slice
   * @param p99ArrivedMillis p99 latency of those (NaN without any)
   */
  record Bucket(double startMillis, int ok, int rejected, int failed, double maxOkMillis, int okArrived,
      double p99ArrivedMillis) {
    /** @return whether everything in the bucket succeeded within {@code limitMillis} */
    boolean healthy(double limitMillis) {
      return rejected == 0 && failed == 0 && maxOkMillis <= limitMillis;
    }
  }

  /** @return goodput as a share of the measured capacity */
  double goodputShare() {
    return goodputPerSecond / capacityPerSecond;
  }

  /**
   * Time from the load dropping back until requests are served normally again: the start of
   * the first run of healthy buckets (every request a success within {@code limitMillis}) that
   * lasts a second or to the end of the cell.
   *
   * @param limitMillis the latency a healthy success stays under (2 x the unloaded p99)
   * @return milliseconds after the drop; NaN when the cell never recovered
   */
  double recoveryMillis(double limitMillis) {
    int first = -1;
    double streak = 0;
    for (Bucket b : timeline) {
      if (b.startMillis() < overloadEndMillis || b.startMillis() + BUCKET_MILLIS > endMillis) {
        continue;
      }
      if (b.ok() + b.rejected() + b.failed() == 0 || b.healthy(limitMillis)) {
        if (first < 0) {
          first = (int) b.startMillis();
          streak = 0;
        }
        streak += BUCKET_MILLIS;
        if (streak >= 1000) {
          break;
        }
      } else {
        first = -1;
      }
    }
    return first < 0 ? Double.NaN : Math.max(0, first - overloadEndMillis);
  }

  /**
   * Computes a cell's result from its raw recording.
   *
   * @param rec the outcomes
   * @param startNanos when the first phase started
   * @param overloadStartNanos when the overload phase started
   * @param overloadEndNanos when it ended
   * @param endNanos when the last phase ended
   * @return the result
   */
  static CellResult of(Workload workload, Protection protection, String description, double loadFactor,
      double offered, double capacity, CellRecording rec, long startNanos, long overloadStartNanos,
      long overloadEndNanos, long endNanos) {
    Histogram ok = histogram();
    Histogram rejects = histogram();
    long sent = 0;
    long rejected = 0;
    long timeouts = 0;
    long errors = 0;
    long firstShed = Long.MAX_VALUE;
    int buckets = (int) ((endNanos - startNanos) / (BUCKET_MILLIS * 1_000_000L)) + 1;
    int[] bOk = new int[buckets];
    int[] bRejected = new int[buckets];
    int[] bFailed = new int[buckets];
    double[] bMax = new double[buckets];
    int[] bArrived = new int[buckets];
    Histogram[] bArrivedLatency = new Histogram[buckets];
    for (int i = 0; i < rec.size(); i++) {
      long t = rec.intended(i);
      long micros = Math.max(1, rec.latency(i) / 1000);
      int b = (int) ((t - startNanos) / (BUCKET_MILLIS * 1_000_000L));
      int arrived = (int) ((t + rec.latency(i) - startNanos) / (BUCKET_MILLIS * 1_000_000L));
      if (rec.ok(i) && arrived >= 0 && arrived < buckets) {
        bArrived[arrived]++;
        if (bArrivedLatency[arrived] == null) {
          bArrivedLatency[arrived] = histogram();
        }
        bArrivedLatency[arrived].recordValue(micros);
      }
      if (b >= 0 && b < buckets) {
        if (rec.ok(i)) {
          bOk[b]++;
          bMax[b] = Math.max(bMax[b], rec.latency(i) / 1e6);
        } else if (rec.rejected(i)) {
          bRejected[b]++;
        } else {
          bFailed[b]++;
        }
      }
      if (t < overloadStartNanos || t >= overloadEndNanos) {
        continue;
      }
      sent++;
      if (rec.ok(i)) {
        ok.recordValue(micros);
      } else if (rec.rejected(i)) {
        rejected++;
        rejects.recordValue(micros);
        firstShed = Math.min(firstShed, t);
      } else if (rec.status(i) == Outcomes.TIMEOUT) {
        timeouts++;
      } else {
        errors++;
      }
    }
    List<Bucket> timeline = new ArrayList<>(buckets);
    for (int b = 0; b < buckets; b++) {
      Histogram h = bArrivedLatency[b];
      timeline.add(new Bucket(b * (double) BUCKET_MILLIS, bOk[b], bRejected[b], bFailed[b], bMax[b],
          bArrived[b], h == null ? Double.NaN : h.getValueAtPercentile(99) / 1000.0));
    }
    double seconds = (overloadEndNanos - overloadStartNanos) / 1e9;
    double n = Math.max(1, sent);
    return new CellResult(workload, protection, description, loadFactor, offered, capacity, sent,
        ok.getTotalCount() / seconds,
        millis(ok, 50), millis(ok, 99), millis(ok, 99.9),
        rejected / n, millis(rejects, 50), millis(rejects, 99), timeouts / n, errors / n,
        firstShed == Long.MAX_VALUE ? Double.NaN : (firstShed - overloadStartNanos) / 1e6,
        List.copyOf(timeline),
        (overloadStartNanos - startNanos) / 1e6, (overloadEndNanos - startNanos) / 1e6, (endNanos - startNanos) / 1e6);
  }

  private static Histogram histogram() {
    return new Histogram(1, 600_000_000L, 2); // 1 us .. 10 min, 1% resolution
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
