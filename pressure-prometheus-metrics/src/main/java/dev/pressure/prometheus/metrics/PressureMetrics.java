package dev.pressure.prometheus.metrics;

import dev.pressure.LatencySnapshot;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureReading;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import dev.pressure.Tier;
import dev.pressure.internal.MonitorSeries;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Exports a {@link PressureMonitor} through Prometheus client_java 1.x with the metric families
 * of pressure-prometheus (docs/metrics.md): the same names, types, units, labels and help, the
 * latency summary named {@value #DEFAULT_LATENCY_METRIC_NAME} by default so the articles'
 * adapter query {@code http_request_duration_seconds{quantile="0.999"}} works unchanged.
 *
 * <pre>{@code
 * PressureMetrics.builder(monitor).build().register(PrometheusRegistry.defaultRegistry);
 * // serve it: new PrometheusMetricsServlet() (prometheus-metrics-exporter-servlet-jakarta) on /metrics
 * }</pre>
 *
 * <p><b>One reading per scrape.</b> {@link #collect()} takes one {@link PressureMonitor#read()}
 * (the latest snapshot, each live signal read once, every tier judged on exactly those, live
 * signals and staleness included), so every family of a scrape comes from it and each value
 * exported is the value its check compared; and it copies the shed counters: O(tiers x types +
 * signals) samples, whatever the request volume. The quantiles are the monitor's own (the values
 * {@code maxLatency} is compared with).
 *
 * <p>A value the monitor could not measure has no sample; {@code pressure_signal_failed} says
 * which source failed. Immutable and thread-safe: concurrent scrapes are fine.
 */
public final class PressureMetrics implements MultiCollector {

  /** The latency summary's default name: the articles' {@code http_request_duration_seconds}. */
  public static final String DEFAULT_LATENCY_METRIC_NAME = "http_request_duration_seconds";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final String UNDER_PRESSURE = "pressure_under_pressure";
  private static final String SHED_REQUESTS = "pressure_shed_requests";
  private static final String SIGNAL_FAILED = "pressure_signal_failed";

  private final PressureMonitor monitor;
  private final String latencyName;
  private final double[] quantiles;
  private final List<Tier> tiers;
  private final List<List<PressureType>> tierTypes;
  private final List<PressureType> failureTypes;
  private final String[] signalNames;
  private final PressureType[] signalTypes;
  private final List<String> names;

  private PressureMetrics(Builder b) {
    this.monitor = b.monitor;
    this.latencyName = b.latencyMetricName;
    this.quantiles = monitor.reportedQuantiles();
    List<Tier> t = new ArrayList<>();
    List<List<PressureType>> types = new ArrayList<>();
    for (String name : monitor.tierNames()) {
      Tier tier = monitor.tier(name);
      t.add(tier);
      types.add(List.copyOf(MonitorSeries.reportableTypes(tier)));
    }
    this.tiers = List.copyOf(t);
    this.tierTypes = List.copyOf(types);
    this.signalNames = monitor.signalNames().toArray(new String[0]);
    this.signalTypes = new PressureType[signalNames.length];
    List<PressureType> keys = new ArrayList<>(MonitorSeries.FALLIBLE_BUILT_INS);
    for (int i = 0; i < signalNames.length; i++) {
      signalTypes[i] = PressureType.signal(signalNames[i]);
      keys.add(signalTypes[i]);
    }
    this.failureTypes = List.copyOf(keys);
    List<String> all = new ArrayList<>(List.of(latencyName, "pressure_scheduling_lag_seconds",
        "pressure_cpu_utilization_ratio", "pressure_heap_used_bytes", "pressure_heap_after_gc_bytes",
        "pressure_rss_bytes", "pressure_health_check_healthy", "pressure_liveness_check_alive",
        UNDER_PRESSURE, SHED_REQUESTS, SIGNAL_FAILED, "pressure_snapshot_age_seconds"));
    all.addAll(List.of(signalNames));
    Set<String> unique = new LinkedHashSet<>();
    for (String name : all) {
      if (!unique.add(name)) {
        throw new IllegalArgumentException("signal name: a metric name no other metric of the pressure "
            + "collector uses (the pressure_* metrics, the latency summary). Found: \"" + name + "\"");
      }
    }
    this.names = List.copyOf(unique);
  }

  /**
   * A builder for a collector of {@code monitor}.
   *
   * @param monitor the monitor to export
   * @return a new builder
   * @throws IllegalArgumentException when {@code monitor} is null
   */
  public static Builder builder(PressureMonitor monitor) {
    if (monitor == null) {
      throw new IllegalArgumentException("monitor: a PressureMonitor, not null. Found: null");
    }
    return new Builder(monitor);
  }

  /**
   * Registers this collector with {@code registry}. The {@code pressure_*} names are fixed:
   * give each monitor its own registry.
   *
   * @param registry e.g. {@link PrometheusRegistry#defaultRegistry}
   * @return this collector
   */
  public PressureMetrics register(PrometheusRegistry registry) {
    Objects.requireNonNull(registry, "registry").register(this);
    return this;
  }

  /** {@return the monitor this collector exports} */
  public PressureMonitor monitor() {
    return monitor;
  }

  /** {@return every metric name this collector exports, the counter without {@code _total}} */
  @Override
  public List<String> getPrometheusNames() {
    return names;
  }

  /**
   * The metric families with the monitor's current values; see the class comment for the cost.
   *
   * @return new snapshots
   */
  @Override
  public MetricSnapshots collect() {
    // One reading per scrape: every family comes from the same snapshot and live-signal reads.
    PressureReading r = monitor.read();
    PressureSnapshot s = r.snapshot();
    List<MetricSnapshot> out = new ArrayList<>(12 + signalNames.length);
    out.add(latency(s.latency()));
    out.add(gauge("pressure_scheduling_lag_seconds", Unit.SECONDS,
        "Scheduling lag of the last sample interval in seconds (under-pressure eventLoopDelay); "
            + "absent while it cannot be measured.", s.eventLoopDelayMillis() / 1e3));
    out.add(gauge("pressure_cpu_utilization_ratio", Unit.RATIO,
        "Process CPU use over the last sample interval, 0..1 of the CPUs the container may use "
            + "(under-pressure eventLoopUtilization); absent where unsupported.", s.eventLoopUtilization()));
    out.add(gauge("pressure_heap_used_bytes", Unit.BYTES, "Heap in use in bytes as compared with maxHeapUsedBytes "
        + "(after the last GC when heapUsedAfterGc is on; under-pressure heapUsedBytes); absent before the first sample.",
        MonitorSeries.value(r, PressureType.HEAP_USED_BYTES)));
    out.add(gauge("pressure_heap_after_gc_bytes", Unit.BYTES,
        "Heap in use after the last garbage collection in bytes; absent before the first collection.",
        bytes(s.heapAfterGcBytes())));
    out.add(gauge("pressure_rss_bytes", Unit.BYTES,
        "Resident set size in bytes (under-pressure rssBytes); absent where unsupported (not Linux).",
        bytes(s.rssBytes())));
    out.add(gauge("pressure_health_check_healthy", null,
        "1 when the health check's last run succeeded (or there is none), else 0 (under-pressure healthCheck).",
        !s.sampled() ? Double.NaN : s.healthy() ? 1 : 0));
    out.add(gauge("pressure_liveness_check_alive", null,
        "1 when the liveness check's last run succeeded (or there is none), else 0.",
        !s.sampled() ? Double.NaN : s.alive() ? 1 : 0));
    out.add(underPressure(r));
    out.add(shed());
    out.add(failed(s.failures()));
    out.add(gauge("pressure_snapshot_age_seconds", Unit.SECONDS,
        "Seconds since the sample the pressure metrics come from; grows past staleAfter when the sampler stalls.",
        r.ageMillis() / 1e3));
    for (int i = 0; i < signalNames.length; i++) {
      out.add(gauge(signalNames[i], null,
          "Custom signal " + signalNames[i] + " of the pressure monitor; absent while its source fails.",
          MonitorSeries.value(r, signalTypes[i])));
    }
    return new MetricSnapshots(out);
  }

  private SummarySnapshot latency(LatencySnapshot latency) {
    Quantiles.Builder q = Quantiles.builder();
    for (double quantile : quantiles) {
      double nanos = latency.quantileNanos(quantile);
      // NaN before the first sample: not measured yet, so no quantile rather than a 0 (as pressure-prometheus).
      if (nanos == nanos) {
        q.quantile(new Quantile(quantile, nanos / 1e9));
      }
    }
    SummaryDataPointSnapshot.Builder point = SummaryDataPointSnapshot.builder().quantiles(q.build());
    point.count(latency.totalCount());
    point.sum(latency.totalSumNanos() / 1e9);
    return SummarySnapshot.builder().name(latencyName)
        .unit(latencyName.endsWith("_seconds") ? Unit.SECONDS : null)
        .help("Request duration in seconds over the pressure monitor's sliding latency window "
            + "(latencyMaxAge, default 60s); the quantiles are the values maxLatency is compared with. "
            + "_count and _sum count every recorded request since start.")
        .dataPoint(point.build()).build();
  }

  private GaugeSnapshot underPressure(PressureReading r) {
    GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(UNDER_PRESSURE)
        .help("1 for the type that puts the tier under pressure now (live signals and staleness "
            + "included), else 0; one series per tier and type the tier checks.");
    for (int i = 0; i < tiers.size(); i++) {
      Tier tier = tiers.get(i);
      PressureType current = MonitorSeries.judge(r, tier);
      boolean matched = current == null;
      for (PressureType type : tierTypes.get(i)) {
        boolean hit = type.equals(current);
        matched |= hit;
        g.dataPoint(point(hit ? 1 : 0, Labels.of("tier", tier.name(), "type", type.name())));
      }
      if (!matched) { // a type the tier was not expected to report: show it rather than hide the pressure
        g.dataPoint(point(1, Labels.of("tier", tier.name(), "type", current.name())));
      }
    }
    return g.build();
  }

  private CounterSnapshot shed() {
    CounterSnapshot.Builder c = CounterSnapshot.builder().name(SHED_REQUESTS)
        .help("Requests shed (answered 503) because of the pressure type, since start.");
    for (Map.Entry<PressureType, Long> e : monitor.shedCounts().entrySet()) {
      c.dataPoint(CounterDataPointSnapshot.builder().value(e.getValue())
          .labels(Labels.of("type", e.getKey().name())).build());
    }
    return c.build();
  }

  private GaugeSnapshot failed(Map<PressureType, String> failures) {
    GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(SIGNAL_FAILED)
        .help("1 when the signal's source failed at the last sample (its value is then absent), else 0.");
    for (PressureType type : failureTypes) {
      g.dataPoint(point(failures.containsKey(type) ? 1 : 0, Labels.of("signal", type.name())));
    }
    return g.build();
  }

  private static GaugeSnapshot gauge(String name, Unit unit, String help, double value) {
    GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help).unit(unit);
    if (value == value) { // NaN: not measured, no sample rather than a misleading number
      g.dataPoint(point(value, Labels.EMPTY));
    }
    return g.build();
  }

  private static GaugeDataPointSnapshot point(double value, Labels labels) {
    return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
  }

  private static double bytes(long bytes) {
    return bytes < 0 ? Double.NaN : bytes;
  }

  @Override
  public String toString() {
    return "PressureMetrics{tiers=" + monitor.tierNames() + ", signals=" + monitor.signalNames()
        + ", latencyMetricName=" + latencyName + '}';
  }

  /** Validating builder. Not thread-safe. */
  public static final class Builder {
    private final PressureMonitor monitor;
    private String latencyMetricName = DEFAULT_LATENCY_METRIC_NAME;

    private Builder(PressureMonitor monitor) {
      this.monitor = monitor;
    }

    /**
     * The latency summary's name; keep the {@code _seconds} suffix.
     *
     * @param name matching {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; default {@value PressureMetrics#DEFAULT_LATENCY_METRIC_NAME}
     * @return this builder
     * @throws IllegalArgumentException {@code latencyMetricName: <what is allowed>. Found: <name>}
     */
    public Builder latencyMetricName(String name) {
      if (name == null || !METRIC_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("latencyMetricName: a Prometheus metric name matching "
            + "[a-zA-Z_:][a-zA-Z0-9_:]*. Found: " + (name == null ? "null" : "\"" + name + "\""));
      }
      latencyMetricName = name;
      return this;
    }

    /**
     * Builds the collector.
     *
     * @return the collector
     * @throws IllegalArgumentException when a custom signal's name clashes with another metric
     */
    public PressureMetrics build() {
      return new PressureMetrics(this);
    }
  }
}
