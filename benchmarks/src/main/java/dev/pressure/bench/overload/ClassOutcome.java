package dev.pressure.bench.overload;

import dev.pressure.admission.Criticality;
import org.HdrHistogram.Histogram;

/**
 * What happened to the requests of one criticality in a cell's overload phase (requests whose
 * intended send time falls in it, as in {@link CellResult}).
 *
 * <p>Immutable; thread-safe.
 *
 * @param level the class
 * @param offered requests of this class sent
 * @param ok of those, 200 responses within the client timeout
 * @param rejected of those, 429/503 answers
 * @param timeouts of those, given up by the client
 * @param p99Millis p99 latency of the successes, from the intended send time (NaN without any)
 */
record ClassOutcome(Criticality level, long offered, long ok, long rejected, long timeouts, double p99Millis) {

  /** @return goodput as a share of this class's offered requests, in [0, 1]; NaN when none was offered */
  double goodputShare() {
    return offered == 0 ? Double.NaN : (double) ok / offered;
  }

  /**
   * Counts one class in a recording.
   *
   * @param rec the cell's outcomes, recorded with {@link RequestMarks#tag} tags
   * @param level the class
   * @param fromNanos the overload phase's start
   * @param toNanos its end
   * @return the class's outcome
   */
  static ClassOutcome of(CellRecording rec, Criticality level, long fromNanos, long toNanos) {
    Histogram latency = new Histogram(1, 600_000_000L, 2);
    long offered = 0;
    long ok = 0;
    long rejected = 0;
    long timeouts = 0;
    for (int i = 0; i < rec.size(); i++) {
      long t = rec.intended(i);
      if (t < fromNanos || t >= toNanos || RequestMarks.levelOf(rec.tag(i)) != level) {
        continue;
      }
      offered++;
      if (rec.ok(i)) {
        ok++;
        latency.recordValue(Math.max(1, rec.latency(i) / 1000));
      } else if (rec.rejected(i)) {
        rejected++;
      } else if (rec.status(i) == Outcomes.TIMEOUT) {
        timeouts++;
      }
    }
    return new ClassOutcome(level, offered, ok, rejected, timeouts,
        ok == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0);
  }
}
