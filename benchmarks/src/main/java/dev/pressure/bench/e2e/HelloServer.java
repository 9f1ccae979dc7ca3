package dev.pressure.bench.e2e;

import dev.pressure.PressureMonitor;
import dev.pressure.admission.AdmissionConfig;
import dev.pressure.servlet.UnderPressureFilter;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty 12 (ee10) on {@code 127.0.0.1}, port 0, serving {@link HelloServlet} at
 * {@value #PATH} with one {@link Setup} in front. Everything else is Jetty's default (a
 * {@code QueuedThreadPool} of 200, the default connector), as an application starts it, so
 * the three setups differ only by the filter.
 *
 * <p>In the {@code filter} setups the server owns its {@link PressureMonitor}: it starts with the
 * server and stops with it, so the monitor's sampler threads run only while their own
 * configuration is measured (see {@link WrkEndToEnd} for why that matters).
 *
 * <p>Not thread-safe: start and close from one thread.
 */
final class HelloServer implements AutoCloseable {

  /** The servlet's path. */
  static final String PATH = "/hello";

  private final Server server;
  private final PressureMonitor monitor;

  private HelloServer(Server server, PressureMonitor monitor) {
    this.server = server;
    this.monitor = monitor;
  }

  /**
   * Starts a server.
   *
   * @param setup what stands in front of the servlet
   * @param status the status the servlet answers (200 but in the parser fixtures)
   * @return the running server
   * @throws Exception when Jetty fails to start
   */
  static HelloServer start(Setup setup, int status) throws Exception {
    Server server = new Server();
    server.setStopTimeout(0);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HelloServlet(status)), PATH);
    PressureMonitor monitor = null;
    if (setup != Setup.BARE) {
      monitor = PressureMonitor.builder().build();
      UnderPressureFilter.Builder filter = UnderPressureFilter.builder(monitor);
      EnumSet<DispatcherType> dispatch = EnumSet.of(DispatcherType.REQUEST);
      if (setup == Setup.FILTER_GATE) {
        filter.admission(AdmissionConfig.builder().maxConcurrentRequests(Setup.GATE_LIMIT).build());
        // As docs/admission.md says to map a gate: a queued request would resume by an ASYNC dispatch.
        dispatch.add(DispatcherType.ASYNC);
      }
      FilterHolder holder = new FilterHolder(filter.build());
      holder.setAsyncSupported(true);
      context.addFilter(holder, "/*", dispatch);
    }
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      if (monitor != null) {
        monitor.close();
      }
      throw e;
    }
    return new HelloServer(server, monitor);
  }

  /** {@return the servlet's URL} */
  URI uri() {
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    return URI.create("http://127.0.0.1:" + port + PATH);
  }

  /**
   * Stops Jetty and the monitor.
   *
   * @throws IllegalStateException when Jetty fails to stop
   */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("jetty did not stop", e);
    } finally {
      if (monitor != null) {
        monitor.close();
      }
    }
  }
}
