/**
 * pressure-prometheus-metrics: {@link dev.pressure.prometheus.metrics.PressureMetrics} exports a
 * {@link dev.pressure.PressureMonitor} through Prometheus client_java 1.x
 * ({@code prometheus-metrics-core}) with the metric families of pressure-prometheus.
 */
module dev.pressure.prometheus.metrics {
  requires transitive dev.pressure;
  requires transitive io.prometheus.metrics.model;

  exports dev.pressure.prometheus.metrics;
}
