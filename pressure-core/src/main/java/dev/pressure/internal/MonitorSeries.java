package dev.pressure.internal;

import dev.pressure.PressureReading;
import dev.pressure.PressureType;
import dev.pressure.StalePolicy;
import dev.pressure.Thresholds;
import dev.pressure.Tier;
import java.util.ArrayList;
import java.util.List;

/**
 * What the metrics modules (pressure-micrometer, pressure-prometheus-metrics) read from a monitor
 * besides the public snapshot accessors: which {@code {tier, type}} series exist, and a tier's
 * verdict and a type's value in a scrape's one {@code PressureReading}. One class for both, so a
 * change of the core API touches one file. The series are the ones pressure-prometheus exports
 * (docs/metrics.md). Stateless and thread-safe.
 */
public final class MonitorSeries {

  /** The built-in signals whose source can fail, the keys of {@code PressureSnapshot.failures()}. */
  public static final List<PressureType> FALLIBLE_BUILT_INS = List.of(PressureType.EVENT_LOOP_DELAY,
      PressureType.EVENT_LOOP_UTILIZATION, PressureType.HEAP_USED_BYTES, PressureType.RSS_BYTES);

  private MonitorSeries() {}

  /**
   * Every type whose check is on in {@code tier}, in the order the tier checks them; the
   * health check whenever the tier honours it, {@code stale} under {@code FAIL_CLOSED}.
   *
   * @param tier the tier
   * @return a new list
   */
  public static List<PressureType> reportableTypes(Tier tier) {
    Thresholds t = tier.thresholds();
    List<PressureType> types = new ArrayList<>();
    if (t.maxEventLoopDelayNanos() > 0) {
      types.add(PressureType.EVENT_LOOP_DELAY);
    }
    if (t.maxHeapUsedBytes() > 0) {
      types.add(PressureType.HEAP_USED_BYTES);
    }
    if (t.maxRssBytes() > 0) {
      types.add(PressureType.RSS_BYTES);
    }
    if (t.healthCheck()) {
      types.add(PressureType.HEALTH_CHECK);
    }
    if (t.maxEventLoopUtilization() > 0) {
      types.add(PressureType.EVENT_LOOP_UTILIZATION);
    }
    if (t.maxLatencyNanos() > 0) {
      types.add(PressureType.LATENCY);
    }
    for (String signal : t.maxSignals().keySet()) {
      types.add(PressureType.signal(signal));
    }
    if (tier.monitor().stalePolicy() == StalePolicy.FAIL_CLOSED) {
      types.add(PressureType.STALE);
    }
    return types;
  }

  /**
   * A tier's verdict on one reading, live signals and staleness included.
   *
   * @param reading the scrape's reading ({@code monitor.read()})
   * @param tier the tier
   * @return the type, or null when the tier is not under pressure
   */
  public static PressureType judge(PressureReading reading, Tier tier) {
    return reading.verdict(tier.name());
  }

  /**
   * A type's value in one reading: a live signal as read for it, else from its snapshot; the
   * value the type's check compared (the heap after GC with {@code heapUsedAfterGc}).
   *
   * @param reading the scrape's reading
   * @param type a built-in type or {@code PressureType.signal(name)} of a registered signal
   * @return the value, NaN while it cannot be measured (source failed, before the first sample)
   */
  public static double value(PressureReading reading, PressureType type) {
    return reading.value(type);
  }
}
