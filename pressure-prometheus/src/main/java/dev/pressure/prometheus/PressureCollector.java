package dev.pressure.prometheus;

import dev.pressure.internal.ConfigParser;
import dev.pressure.PressureMonitor;
import dev.pressure.prometheus.internal.MonitorExport;
import dev.pressure.prometheus.internal.RegistrationLedger;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Exports a {@link PressureMonitor} to Prometheus through simpleclient: the signals under
 * Prometheus naming conventions, every tier's verdict, shed requests, and the sliding-window
 * latency as a summary named {@value #DEFAULT_LATENCY_METRIC_NAME} by default, so the
 * articles' adapter query {@code http_request_duration_seconds{quantile="0.999"}} works
 * unchanged. docs/metrics.md lists every metric.
 *
 * <pre>{@code
 * PressureCollector.builder(monitor).build().register(registry);
 * }</pre>
 *
 * <p><b>Where the numbers come from.</b> The quantiles are the ones the monitor's sampler
 * computed for its latest snapshot from its own latency window: the same numbers
 * {@code maxLatency} is compared with, not a second simpleclient {@code Summary}. Which
 * quantiles are exported is set on the monitor with
 * {@link PressureMonitor.Builder#reportedQuantiles(double...)} (default 0.5, 0.9, 0.99, 0.999;
 * the monitor's {@code latencyQuantile} is always included). Requests are recorded with
 * {@link PressureMonitor#recordLatency(long, long)}; nothing on the request path touches
 * simpleclient.
 *
 * <p><b>One reading per scrape.</b> {@link #collect()} takes one {@link PressureMonitor#read()}:
 * the latest snapshot read once, each live custom signal read once, every tier judged on exactly
 * those; every family of the scrape comes from it, and each value exported is the value its
 * check compared (heap after GC with {@code heapUsedAfterGc(true)}). Before the first sample
 * nothing measured is exported (no quantiles, no gauges of measured values).
 *
 * <p><b>Scrape cost.</b> One reading and a copy of the shed counters. It allocates one metric family per
 * metric and one sample per series, O(tiers x types + custom signals + shed types), whatever
 * the request volume; names, help texts and label lists are built once, here. It keeps no
 * per-request or per-scrape state.
 *
 * <p><b>Registration.</b> Register with {@link #register(CollectorRegistry)}: a name already
 * taken in that registry (this collector registered twice, a second monitor's collector, an
 * application metric of the same name) fails with an {@link IllegalArgumentException} naming
 * the metric and the collector that owns it. The {@code pressure_*} names are fixed, so each
 * monitor needs its own registry.
 *
 * <p>Immutable and thread-safe: concurrent scrapes are fine.
 */
public final class PressureCollector extends Collector implements Collector.Describable {

  /** The latency summary's default name: the articles' {@code http_request_duration_seconds}. */
  public static final String DEFAULT_LATENCY_METRIC_NAME = "http_request_duration_seconds";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private final PressureMonitor monitor;
  private final MonitorExport export;

  private PressureCollector(Builder b) {
    this.monitor = b.monitor;
    this.export = new MonitorExport(b.monitor, b.latencyMetricName);
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
      throw ConfigParser.error("monitor", "a PressureMonitor, not null", null);
    }
    return new Builder(monitor);
  }

  /**
   * Registers this collector with {@code registry}.
   *
   * @param registry the registry, e.g. the one your {@code MetricsServlet} serves
   * @param <T> this collector's type, inferred
   * @return this collector
   * @throws IllegalArgumentException when one of its names is already taken in {@code registry},
   *     naming the metric and the collector that owns it
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T extends Collector> T register(CollectorRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    RegistrationLedger.register(registry, this, export.registryNames(), export.latencyName(), toString());
    return (T) this;
  }

  /**
   * The metric families with the monitor's current values. Called by the registry on each
   * scrape; see the class comment for its cost.
   *
   * @return a new list
   */
  @Override
  public List<MetricFamilySamples> collect() {
    return export.collect();
  }

  /**
   * The metric families without samples, so the registry can check names without a scrape.
   *
   * @return an unmodifiable list
   */
  @Override
  public List<MetricFamilySamples> describe() {
    return export.describe();
  }

  /** {@return the monitor this collector exports} */
  public PressureMonitor monitor() {
    return monitor;
  }

  /** {@return the latency summary's name} */
  public String latencyMetricName() {
    return export.latencyName();
  }

  /** {@return a description naming the monitor, its tiers and signals, and the latency metric name} */
  @Override
  public String toString() {
    return "PressureCollector{monitor=PressureMonitor@" + Integer.toHexString(System.identityHashCode(monitor))
        + ", tiers=" + monitor.tierNames() + ", signals=" + monitor.signalNames()
        + ", latencyMetricName=" + export.latencyName() + '}';
  }

  /**
   * Validating builder: {@link #latencyMetricName(String)} rejects a bad name at once,
   * {@link #build()} rejects names that clash inside the collector. Not thread-safe.
   */
  public static final class Builder {
    private final PressureMonitor monitor;
    private String latencyMetricName = DEFAULT_LATENCY_METRIC_NAME;

    private Builder(PressureMonitor monitor) {
      this.monitor = monitor;
    }

    /**
     * The latency summary's name. Keep the default unless two monitors share a registry's
     * latency name or the adapter expects another one; end it in {@code _seconds}.
     *
     * @param name matching {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; default {@value PressureCollector#DEFAULT_LATENCY_METRIC_NAME}
     * @return this builder
     * @throws IllegalArgumentException {@code latencyMetricName: <what is allowed>. Found: <name>}
     */
    public Builder latencyMetricName(String name) {
      if (name == null || !METRIC_NAME.matcher(name).matches()) {
        throw ConfigParser.error("latencyMetricName",
            "a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*", name);
      }
      latencyMetricName = name;
      return this;
    }

    /**
     * Builds the collector; register it with {@link PressureCollector#register(CollectorRegistry)}.
     *
     * @return the collector
     * @throws IllegalArgumentException when the latency name or a custom signal's name clashes
     *     with another metric of the collector (e.g. a signal named {@code pressure_rss_bytes})
     */
    public PressureCollector build() {
      return new PressureCollector(this);
    }
  }
}
