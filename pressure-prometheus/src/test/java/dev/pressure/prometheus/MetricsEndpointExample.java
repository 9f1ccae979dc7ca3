package dev.pressure.prometheus;

import dev.pressure.PressureMonitor;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * The wiring docs/metrics.md shows, kept here so it compiles and runs: {@link DocsTest} checks
 * that the block between the markers appears verbatim in the docs, and
 * {@link MetricsEndpointTest} serves it.
 */
final class MetricsEndpointExample {

  private MetricsEndpointExample() {}

  static CollectorRegistry mount(Server server, PressureMonitor monitor) {
    // docs:metrics-servlet:begin
    CollectorRegistry registry = new CollectorRegistry();
    PressureCollector.builder(monitor).build().register(registry);

    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new MetricsServlet(registry)), "/metrics");
    server.setHandler(context);
    // docs:metrics-servlet:end
    return registry;
  }
}
