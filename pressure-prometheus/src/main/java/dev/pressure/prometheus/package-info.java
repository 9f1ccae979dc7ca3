/**
 * Prometheus export for the pressure monitor: {@link dev.pressure.prometheus.PressureCollector}
 * registers with any simpleclient {@code CollectorRegistry} and exports the monitor's signals,
 * every tier's verdict, shed counts and the sliding-window latency summary the articles'
 * Prometheus adapter reads ({@code http_request_duration_seconds{quantile="0.999"}}).
 *
 * <p>Recording never goes through simpleclient: requests record into the monitor's own
 * lock-free window; this package only reads what the monitor's sampler already computed.
 * Classes in {@code dev.pressure.prometheus.internal} are not API.
 */
package dev.pressure.prometheus;
