package dev.pressure.internal;

import dev.pressure.LatencySnapshot;
import dev.pressure.PressureType;
import java.util.Map;
import java.util.Set;

/**
 * What the sampler measured at one sample, before any tier judged it. Immutable (the maps and
 * set are unmodifiable copies).
 *
 * @param sequence 0 before the first sample, then 1, 2, ...
 * @param timestampNanos when it was measured, on the monitor's clock
 * @param lagMillis scheduling lag; NaN when not measured
 * @param utilization process CPU use 0..1; NaN when not measured
 * @param heapUsed heap in use; negative when not measured
 * @param heapAfterGc heap after the last GC; negative before the first GC or when unsupported
 * @param heapCompared the heap value {@code maxHeapUsedBytes} is compared with; negative when not measured
 * @param rss resident set size; negative when not measured
 * @param healthy the health check's last result (true without a check)
 * @param healthDetail {@code "ok"} or why the health check fails
 * @param alive the liveness check's last result (true without a check)
 * @param livenessDetail {@code "ok"} or why the liveness check fails
 * @param latencyQuantile the quantile {@code maxLatency} is compared with
 * @param latency the latency window's quantiles and totals
 * @param signals every custom signal's value by name; NaN when failed or not sampled
 * @param failures signals whose source failed at this sample, with the reason
 * @param unsupported signals this runtime cannot measure at all
 */
public record Measurement(long sequence, long timestampNanos, double lagMillis, double utilization,
    long heapUsed, long heapAfterGc, long heapCompared, long rss, boolean healthy, String healthDetail,
    boolean alive, String livenessDetail, double latencyQuantile, LatencySnapshot latency,
    Map<String, Double> signals, Map<PressureType, String> failures, Set<PressureType> unsupported) {

  /**
   * Copies the collections, so a measurement never changes.
   *
   * @param sequence see the record
   * @param timestampNanos see the record
   * @param lagMillis see the record
   * @param utilization see the record
   * @param heapUsed see the record
   * @param heapAfterGc see the record
   * @param heapCompared see the record
   * @param rss see the record
   * @param healthy see the record
   * @param healthDetail see the record
   * @param alive see the record
   * @param livenessDetail see the record
   * @param latencyQuantile see the record
   * @param latency see the record
   * @param signals see the record
   * @param failures see the record
   * @param unsupported see the record
   */
  public Measurement {
    signals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(signals));
    failures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(failures));
    unsupported = Set.copyOf(unsupported);
  }
}
