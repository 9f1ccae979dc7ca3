package dev.pressure.prometheus.internal;

import dev.pressure.internal.ConfigParser;
import dev.pressure.LatencySnapshot;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureReading;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import io.prometheus.client.Collector.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one monitor into Prometheus metric families. Everything that does not change between
 * scrapes (names, help texts, label lists, the tiers' reportable types) is computed once here;
 * {@link #collect()} then reads the latest snapshot once, judges each tier once, reads each
 * live signal once and allocates one family per metric and one {@link Sample} per series:
 * O(number of series), independent of request volume. Immutable and thread-safe, so
 * concurrent scrapes are fine.
 */
public final class MonitorExport {

  /** Metric names the Helm chart's alerts and HPA rely on: fixed, no prefix option. */
  public static final String SCHEDULING_LAG = "pressure_scheduling_lag_seconds";
  /** Process CPU use, 0..1 of the container's CPUs. */
  public static final String CPU_UTILIZATION = "pressure_cpu_utilization_ratio";
  /** Heap in use. */
  public static final String HEAP_USED = "pressure_heap_used_bytes";
  /** Heap in use after the last collection. */
  public static final String HEAP_AFTER_GC = "pressure_heap_after_gc_bytes";
  /** Resident set size. */
  public static final String RSS = "pressure_rss_bytes";
  /** Health check state, 1/0. */
  public static final String HEALTHY = "pressure_health_check_healthy";
  /** Liveness check state, 1/0. */
  public static final String ALIVE = "pressure_liveness_check_alive";
  /** Tier verdicts: {@code {tier,type}} 1/0. */
  public static final String UNDER_PRESSURE = "pressure_under_pressure";
  /** Shed requests by type; a counter, exposed with the {@code _total} suffix. */
  public static final String SHED_REQUESTS = "pressure_shed_requests";
  /** Signal sources that failed at the last sample, {@code {signal}} 1/0. */
  public static final String SIGNAL_FAILED = "pressure_signal_failed";
  /** Age of the snapshot the other metrics come from. */
  public static final String SNAPSHOT_AGE = "pressure_snapshot_age_seconds";

  /** The built-in signals whose source can fail, as named in {@link PressureSnapshot#failures()}. */
  private static final List<PressureType> FALLIBLE_BUILT_INS = List.of(PressureType.EVENT_LOOP_DELAY,
      PressureType.EVENT_LOOP_UTILIZATION, PressureType.HEAP_USED_BYTES, PressureType.RSS_BYTES);

  private static final List<String> NO_LABELS = Collections.emptyList();
  private static final List<String> QUANTILE = List.of("quantile");
  private static final List<String> TYPE = List.of("type");
  private static final List<String> SIGNAL = List.of("signal");

  private final PressureMonitor monitor;
  private final String latencyName;
  private final String latencyUnit;
  private final String latencyCountName;
  private final String latencySumName;
  private final double[] quantiles;
  private final List<List<String>> quantileLabels;
  private final List<TierSeries> tiers;
  private final List<PressureType> failureTypes;
  private final List<List<String>> failureLabels;
  private final String[] signalNames;
  private final PressureType[] signalTypes;
  private final Map<String, List<String>> shedLabels;
  private final List<MetricFamilySamples> described;
  private final Map<String, String> registryNames;

  /**
   * Prepares the export of {@code monitor}.
   *
   * @param monitor the monitor
   * @param latencyName the latency summary's name, already checked against the metric-name syntax
   * @throws IllegalArgumentException when a custom signal's name or {@code latencyName} clashes
   *     with another metric of this export
   */
  public MonitorExport(PressureMonitor monitor, String latencyName) {
    this.monitor = monitor;
    this.latencyName = latencyName;
    this.latencyUnit = latencyName.endsWith("_seconds") ? "seconds" : "";
    this.latencyCountName = latencyName + "_count";
    this.latencySumName = latencyName + "_sum";
    this.quantiles = monitor.reportedQuantiles();
    List<List<String>> qLabels = new ArrayList<>(quantiles.length);
    for (double q : quantiles) {
      qLabels.add(List.of(Collector.doubleToGoString(q)));
    }
    this.quantileLabels = List.copyOf(qLabels);

    List<TierSeries> tierSeries = new ArrayList<>();
    for (String name : monitor.tierNames()) {
      tierSeries.add(new TierSeries(UNDER_PRESSURE, monitor.tier(name)));
    }
    this.tiers = List.copyOf(tierSeries);

    this.signalNames = monitor.signalNames().toArray(new String[0]);
    this.signalTypes = new PressureType[signalNames.length];
    List<PressureType> keys = new ArrayList<>(FALLIBLE_BUILT_INS);
    for (int i = 0; i < signalNames.length; i++) {
      signalTypes[i] = PressureType.signal(signalNames[i]);
      keys.add(signalTypes[i]);
    }
    this.failureTypes = List.copyOf(keys);
    List<List<String>> fLabels = new ArrayList<>(keys.size());
    for (PressureType key : keys) {
      fLabels.add(List.of(key.name()));
    }
    this.failureLabels = List.copyOf(fLabels);

    // Label lists for the shed counter's known types; a type first shed later gets one per scrape.
    Map<String, List<String>> shed = new LinkedHashMap<>();
    for (PressureType type : monitor.shedCounts().keySet()) {
      shed.put(type.name(), List.of(type.name()));
    }
    this.shedLabels = Collections.unmodifiableMap(shed);

    this.described = Collections.unmodifiableList(families(null));
    this.registryNames = Collections.unmodifiableMap(checkUniqueNames(described));
  }

  /** {@return the latency summary's name} */
  public String latencyName() {
    return latencyName;
  }

  /**
   * The metric families with their current samples.
   *
   * @return a new list of new families
   */
  public List<MetricFamilySamples> collect() {
    // One reading per scrape: every family comes from the same snapshot and live-signal reads.
    return families(monitor.read());
  }

  /**
   * The metric families without samples, for {@code CollectorRegistry}'s name-clash check.
   *
   * @return an unmodifiable list, the same each call
   */
  public List<MetricFamilySamples> describe() {
    return described;
  }

  /**
   * Every name a registry reserves for this export ({@code _count}, {@code _sum},
   * {@code _total}, {@code _created} forms included), in export order, each mapped to the name
   * of the metric it belongs to as scraped ({@code pressure_shed_requests_total}).
   *
   * @return an unmodifiable, ordered map
   */
  public Map<String, String> registryNames() {
    return registryNames;
  }

  /** Builds the families; with {@code s == null}, without samples (describe). */
  private List<MetricFamilySamples> families(PressureReading r) {
    PressureSnapshot s = r == null ? null : r.snapshot();
    List<MetricFamilySamples> out = new ArrayList<>(12 + signalNames.length);
    out.add(new MetricFamilySamples(latencyName, latencyUnit, Type.SUMMARY,
        "Request duration in seconds over the pressure monitor's sliding latency window "
            + "(latencyMaxAge, default 60s); the quantiles are the values maxLatency is compared with. "
            + "_count and _sum count every recorded request since start.",
        s == null ? new ArrayList<>(0) : latencySamples(s.latency())));
    out.add(gauge(SCHEDULING_LAG, "seconds",
        "Scheduling lag of the last sample interval in seconds (under-pressure eventLoopDelay); "
            + "absent while it cannot be measured.",
        s == null ? Double.NaN : s.eventLoopDelayMillis() / 1e3));
    out.add(gauge(CPU_UTILIZATION, "ratio",
        "Process CPU use over the last sample interval, 0..1 of the CPUs the container may use "
            + "(under-pressure eventLoopUtilization); absent where unsupported.",
        s == null ? Double.NaN : s.eventLoopUtilization()));
    out.add(gauge(HEAP_USED, "bytes", "Heap in use in bytes as compared with maxHeapUsedBytes (after the last GC "
        + "when heapUsedAfterGc is on; under-pressure heapUsedBytes); absent before the first sample.",
        s == null ? Double.NaN : r.value(PressureType.HEAP_USED_BYTES)));
    out.add(gauge(HEAP_AFTER_GC, "bytes",
        "Heap in use after the last garbage collection in bytes; absent before the first collection.",
        s == null ? Double.NaN : bytes(s.heapAfterGcBytes())));
    out.add(gauge(RSS, "bytes",
        "Resident set size in bytes (under-pressure rssBytes); absent where unsupported (not Linux).",
        s == null ? Double.NaN : bytes(s.rssBytes())));
    out.add(gauge(HEALTHY, "",
        "1 when the health check's last run succeeded (or there is none), else 0 "
            + "(under-pressure healthCheck).",
        s == null || !s.sampled() ? Double.NaN : s.healthy() ? 1 : 0));
    out.add(gauge(ALIVE, "",
        "1 when the liveness check's last run succeeded (or there is none), else 0.",
        s == null || !s.sampled() ? Double.NaN : s.alive() ? 1 : 0));
    out.add(new MetricFamilySamples(UNDER_PRESSURE, Type.GAUGE,
        "1 for the type that puts the tier under pressure now (live signals and staleness "
            + "included), else 0; one series per tier and type the tier checks.",
        s == null ? new ArrayList<>(0) : underPressureSamples(r)));
    out.add(new MetricFamilySamples(SHED_REQUESTS, Type.COUNTER,
        "Requests shed (answered 503) because of the pressure type, since start.",
        s == null ? new ArrayList<>(0) : shedSamples()));
    out.add(new MetricFamilySamples(SIGNAL_FAILED, Type.GAUGE,
        "1 when the signal's source failed at the last sample (its value is then absent), else 0.",
        s == null ? new ArrayList<>(0) : failureSamples(s)));
    out.add(gauge(SNAPSHOT_AGE, "seconds",
        "Seconds since the sample the pressure metrics come from; grows past staleAfter when the "
            + "sampler stalls.",
        s == null ? Double.NaN : r.ageMillis() / 1e3));
    for (int i = 0; i < signalNames.length; i++) {
      out.add(gauge(signalNames[i], "",
          "Custom signal " + signalNames[i] + " of the pressure monitor; absent while its source fails.",
          s == null ? Double.NaN : r.value(signalTypes[i])));
    }
    return out;
  }

  private List<Sample> latencySamples(LatencySnapshot latency) {
    List<Sample> samples = new ArrayList<>(quantiles.length + 2);
    for (int i = 0; i < quantiles.length; i++) {
      double nanos = latency.quantileNanos(quantiles[i]);
      // NaN before the first sample: not measured yet, so no quantile rather than a 0.
      if (nanos == nanos) {
        samples.add(new Sample(latencyName, QUANTILE, quantileLabels.get(i), nanos / 1e9));
      }
    }
    samples.add(new Sample(latencyCountName, NO_LABELS, NO_LABELS, latency.totalCount()));
    samples.add(new Sample(latencySumName, NO_LABELS, NO_LABELS, latency.totalSumNanos() / 1e9));
    return samples;
  }

  private List<Sample> underPressureSamples(PressureReading r) {
    int n = 0;
    for (TierSeries tier : tiers) {
      n += tier.seriesCount();
    }
    List<Sample> samples = new ArrayList<>(n);
    for (TierSeries tier : tiers) {
      tier.addSamples(samples, r);
    }
    return samples;
  }

  private List<Sample> shedSamples() {
    Map<PressureType, Long> counts = monitor.shedCounts();
    List<Sample> samples = new ArrayList<>(counts.size());
    String name = SHED_REQUESTS + "_total";
    for (Map.Entry<PressureType, Long> e : counts.entrySet()) {
      String type = e.getKey().name();
      List<String> labels = shedLabels.get(type);
      samples.add(new Sample(name, TYPE, labels != null ? labels : List.of(type), e.getValue()));
    }
    return samples;
  }

  private List<Sample> failureSamples(PressureSnapshot s) {
    Map<PressureType, String> failures = s.failures();
    List<Sample> samples = new ArrayList<>(failureTypes.size());
    for (int i = 0; i < failureTypes.size(); i++) {
      samples.add(new Sample(SIGNAL_FAILED, SIGNAL, failureLabels.get(i),
          failures.containsKey(failureTypes.get(i)) ? 1 : 0));
    }
    return samples;
  }

  private static MetricFamilySamples gauge(String name, String unit, String help, double value) {
    List<Sample> samples = new ArrayList<>(1);
    if (value == value) { // NaN: not measured, no sample rather than a misleading number
      samples.add(new Sample(name, NO_LABELS, NO_LABELS, value));
    }
    return new MetricFamilySamples(name, unit, Type.GAUGE, help, samples);
  }

  private static double bytes(long bytes) {
    return bytes < 0 ? Double.NaN : bytes;
  }

  /**
   * The registry names of every family mapped to the family's exposed name, refusing a clash
   * between the latency summary, the fixed pressure_* metrics and the custom signals (the
   * registry would refuse it later, less clearly). Families come in export order: the latency
   * summary first, the custom signals last.
   */
  private Map<String, String> checkUniqueNames(List<MetricFamilySamples> families) {
    int firstSignal = families.size() - signalNames.length;
    Map<String, Integer> owners = new LinkedHashMap<>();
    Map<String, String> exposed = new LinkedHashMap<>();
    for (int i = 0; i < families.size(); i++) {
      MetricFamilySamples family = families.get(i);
      String exposedName = family.type == Type.COUNTER ? family.name + "_total" : family.name;
      List<String> names = new ArrayList<>();
      names.add(exposedName); // first: the name a clash message should show
      for (String name : family.getNames()) {
        if (!name.equals(exposedName)) {
          names.add(name);
        }
      }
      for (String name : names) {
        Integer previous = owners.putIfAbsent(name, i);
        if (previous == null) {
          exposed.put(name, exposedName);
          continue;
        }
        boolean latency = previous == 0; // the latency summary comes first
        MetricFamilySamples other = families.get(latency ? i : previous);
        boolean otherIsSignal = (latency ? i : previous) >= firstSignal;
        throw ConfigParser.error(latency ? "latencyMetricName" : "signal name",
            "a metric name no other metric of the pressure collector uses (" + name + " is taken by "
                + (otherIsSignal ? "custom signal " : "metric ") + other.name
                + "; taken: the pressure_* metrics, the latency summary with its _count, _sum and "
                + "_created samples, the custom signals)",
            latency ? latencyName : family.name);
      }
    }
    return exposed;
  }
}
