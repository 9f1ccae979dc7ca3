/**
 * pressure-servlet: {@link dev.pressure.servlet.UnderPressureFilter} sheds requests with
 * {@code 503 + Retry-After} when a {@link dev.pressure.PressureMonitor} tier is under pressure,
 * and the status, readiness and liveness servlets answer probes from the same monitor.
 * Targets jakarta.servlet 6.0; the container provides the API.
 */
module dev.pressure.servlet {
  requires transitive dev.pressure;
  // static: the container provides the API; transitive: the exported API uses its types.
  requires static transitive jakarta.servlet;
  // static: loaded only on Jetty, to time requests from the connector's arrival time.
  requires static org.eclipse.jetty.ee10.servlet;

  exports dev.pressure.servlet;
}
