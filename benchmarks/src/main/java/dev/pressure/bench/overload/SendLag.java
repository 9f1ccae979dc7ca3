package dev.pressure.bench.overload;

import org.HdrHistogram.Histogram;

/**
 * How late a load generator sent each request against its schedule (actual send minus intended
 * time): the measure of whether a client can hold an open-loop schedule at all. Latency is
 * counted from the intended time either way, so a late sender does not hide queueing; but a
 * sender that is late by more than the server's queueing time measures its own backlog.
 *
 * <p>Not thread-safe: record from the one sending thread. Recording allocates nothing.
 */
final class SendLag {

  private final Histogram micros = new Histogram(1, 60_000_000L, 2);

  /** @param lateNanos actual send minus intended send time; negative (early) counts as 0 */
  void record(long lateNanos) {
    micros.recordValue(Math.max(1, Math.min(60_000_000L, lateNanos / 1000)));
  }

  /** @return requests recorded */
  long count() {
    return micros.getTotalCount();
  }

  /** @return the 99th percentile lateness in microseconds */
  double p99Micros() {
    return micros.getValueAtPercentile(99);
  }

  /** @return the largest lateness in microseconds */
  double maxMicros() {
    return micros.getMaxValue();
  }

  /** Forgets everything recorded. */
  void reset() {
    micros.reset();
  }
}
