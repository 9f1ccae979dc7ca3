package dev.pressure.prometheus.internal;

import dev.pressure.PressureReading;
import dev.pressure.PressureType;
import dev.pressure.StalePolicy;
import dev.pressure.Thresholds;
import dev.pressure.Tier;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pressure_under_pressure{tier,type}} series of one tier: one per type the tier can
 * report, fixed when the collector is built so series never appear or vanish between scrapes.
 * Label lists are built once; a scrape allocates one {@link Sample} per series. Immutable and
 * thread-safe.
 */
final class TierSeries {

  private static final List<String> LABEL_NAMES = List.of("tier", "type");

  private final String metricName;
  private final Tier tier;
  private final PressureType[] types;
  private final List<List<String>> labelValues;

  TierSeries(String metricName, Tier tier) {
    this.metricName = metricName;
    this.tier = tier;
    List<PressureType> reportable = reportableTypes(tier);
    this.types = reportable.toArray(new PressureType[0]);
    List<List<String>> labels = new ArrayList<>(types.length);
    for (PressureType type : types) {
      labels.add(List.of(tier.name(), type.name()));
    }
    this.labelValues = List.copyOf(labels);
  }

  /**
   * Every type whose check is on in this tier, in the order the tier checks them. The health
   * check counts whenever the tier honours it: the monitor's public API does not say whether it
   * has a health check, and a series that is always 0 is better than one that appears later.
   */
  static List<PressureType> reportableTypes(Tier tier) {
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

  /** Adds the tier's series for its verdict on the scrape's one reading (live signals and staleness included). */
  void addSamples(List<Sample> out, PressureReading reading) {
    PressureType current = reading.verdict(tier.name());
    boolean matched = current == null;
    for (int i = 0; i < types.length; i++) {
      boolean hit = types[i].equals(current);
      matched |= hit;
      out.add(new Sample(metricName, LABEL_NAMES, labelValues.get(i), hit ? 1 : 0));
    }
    if (!matched) {
      // A type this tier was not expected to report: show it rather than hide the pressure.
      out.add(new Sample(metricName, LABEL_NAMES, List.of(tier.name(), current.name()), 1));
    }
  }

  int seriesCount() {
    return types.length;
  }
}
