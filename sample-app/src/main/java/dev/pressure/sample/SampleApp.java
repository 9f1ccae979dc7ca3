package dev.pressure.sample;

import dev.pressure.MonitorConfig;
import dev.pressure.PressureMonitor;
import dev.pressure.Thresholds;
import dev.pressure.admission.AdmissionConfig;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.prometheus.AdmissionCollector;
import dev.pressure.prometheus.PressureCollector;
import dev.pressure.servlet.GracefulShutdown;
import dev.pressure.servlet.LivenessServlet;
import dev.pressure.servlet.PressureServletContext;
import dev.pressure.servlet.ReadinessServlet;
import dev.pressure.servlet.StatusServlet;
import dev.pressure.servlet.UnderPressureFilter;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import java.util.function.IntSupplier;

/**
 * The articles' two applications in one Jetty 12 server, protected by pressure:
 * backpressure-example's {@code /slow} (shed on the p99.9 of its own latency window) and
 * performance-sandbox's {@code /expensive-op} (shed on the depth of its queue), with
 * {@code /readiness}, {@code /liveness}, {@code /status} and {@code /metrics}.
 *
 * <p>One monitor, four tiers, all judged against the same snapshot:
 * <ul>
 *   <li>{@code default}: the JVM limits (MAX_* variables), nothing else;
 *   <li>{@code readiness}: JVM limits, p99.9 of /slow over READINESS_MULTIPLIER x nominal,
 *       queue_ratio over READINESS_MULTIPLIER;
 *   <li>{@code shed-slow}: JVM limits, p99.9 of /slow over SHED_MULTIPLIER x nominal;
 *   <li>{@code shed-expensive-op}: JVM limits; the work itself is bounded by the filter's
 *       admission gate: CONCURRENCY tasks run, SHED_MULTIPLIER x CONCURRENCY wait, any more get
 *       503 ({@code concurrentRequests}).
 * </ul>
 */
public final class SampleApp implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger("dev.pressure.sample");
  /** Jetty's graceful stop after the drain: room for answers being written, not for work. */
  private static final long STOP_TIMEOUT_MS = 2000;

  private final SampleConfig config;
  private final ScheduledThreadPoolExecutor timer;
  private final AdmissionGate gate;
  private final PressureMonitor monitor;
  private final Server server;
  private final ServerConnector connector;
  private final ServerConnector management;
  private final ServletContextHandler context;
  private final UnderPressureFilter slowFilter;
  private final UnderPressureFilter expensiveOpFilter;

  private SampleApp(SampleConfig c) {
    this.config = c;
    this.timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "sample-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    int maxWaiting = (int) Math.floor(c.shedMultiplier * c.concurrency);
    // The sandbox's queue, now the library's gate: CONCURRENCY run, maxWaiting wait. The queue
    // time covers the longest wait a full queue can give (every task ahead of it, plus one).
    this.gate = AdmissionGate.create(AdmissionConfig.builder()
        .maxConcurrentRequests(c.concurrency)
        .maxQueuedRequests(maxWaiting)
        .maxQueueTime(c.expensiveOp.multipliedBy(maxWaiting / c.concurrency + 2L))
        .build());

    Thresholds jvm = Thresholds.builder()
        .maxEventLoopDelay(c.maxEventLoopDelay)
        .maxEventLoopUtilization(c.maxEventLoopUtilization)
        .maxHeapUsedBytes(c.maxHeapUsedBytes)
        .maxRssBytes(c.maxRssBytes)
        .build();
    this.monitor = PressureMonitor.builder()
        .sampleInterval(c.sampleInterval)
        .latencyQuantile(c.latencyQuantile)
        .latencyMaxAge(c.latencyMaxAge)
        .latencyAgeBuckets(c.latencyAgeBuckets)
        .latencyMinSamples(c.latencyMinSamples > 0 ? c.latencyMinSamples
            : MonitorConfig.defaultLatencyMinSamples(c.latencyQuantile))
        // The sandbox's HPA metric: tasks waiting per unit of concurrency. Live, so admission
        // decisions see the queue as it is at this request, not as it was at the last sample.
        .liveSignal("queue_ratio", () -> (double) gate.queued() / c.concurrency)
        .defaultTier(jvm)
        .tier("readiness", jvm.toBuilder()
            .maxLatency(c.readinessLatency())
            .maxSignal("queue_ratio", c.readinessMultiplier)
            .build())
        .tier("shed-slow", jvm.toBuilder().maxLatency(c.shedLatency()).build())
        .tier("shed-expensive-op", jvm)
        .build();

    try {
      QueuedThreadPool threads = new QueuedThreadPool(200, 8);
      threads.setName("sample-http");
      this.server = new Server(threads);
      this.connector = Connectors.add(server, c.host, c.port, "app");
      Connectors.limit(server, connector, c.maxConnections);
      this.management = c.managementPort < 0 ? null : Connectors.add(server, c.host, c.managementPort, "management");

      this.context = new ServletContextHandler();
      context.setContextPath("/");
      context.setAttribute(PressureServletContext.MONITOR_ATTRIBUTE, monitor);
      if (management != null) {
        IntSupplier managementPort = management::getLocalPort;
        context.addFilter(new FilterHolder(new PortSplit(managementPort)), "/*", EnumSet.of(DispatcherType.REQUEST));
      }

      this.slowFilter = UnderPressureFilter.builder(monitor)
          .tier("shed-slow").retryAfter(c.retryAfter).build();
      // /expensive-op takes seconds by design: it must not count in /slow's latency window.
      this.expensiveOpFilter = UnderPressureFilter.builder(monitor)
          .tier("shed-expensive-op").retryAfter(c.retryAfter).recordLatency(false).admission(gate).build();
      context.addFilter(new FilterHolder(slowFilter), "/slow", EnumSet.of(DispatcherType.REQUEST));
      context.addFilter(new FilterHolder(new ArrivalFilter()), "/expensive-op", EnumSet.of(DispatcherType.REQUEST));
      // REQUEST and ASYNC: a queued request resumes through the filter by AsyncContext.dispatch().
      context.addFilter(new FilterHolder(expensiveOpFilter), "/expensive-op",
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));

      context.addServlet(new ServletHolder(new SlowServlet(c.requestDuration.toNanos(), c.demoControls, timer)), "/slow");
      context.addServlet(new ServletHolder(new ExpensiveOpServlet(c.expensiveOp.toNanos(), timer)), "/expensive-op");
      context.addServlet(new ServletHolder(new ReadinessServlet(monitor, "readiness", 429)), "/readiness");
      context.addServlet(new ServletHolder(new LivenessServlet(monitor)), "/liveness");
      context.addServlet(new ServletHolder(new StatusServlet(monitor, "shed-slow")), "/status");

      CollectorRegistry registry = new CollectorRegistry();
      PressureCollector.builder(monitor).build().register(registry);
      new AdmissionCollector(gate).register(registry);
      DefaultExports.register(registry);
      Gauge.build("http_requests_in_flight", "Requests inside /slow and /expensive-op (admitted, not finished).")
          .register(registry)
          .setChild(new Gauge.Child() {
            @Override
            public double get() {
              return inFlight();
            }
          });
      context.addServlet(new ServletHolder(new MetricsServlet(registry)), "/metrics");

      server.setHandler(context);
      // A stop timeout makes Jetty close the connector (stop accepting) before stopping the
      // rest. No GracefulHandler: it would answer late arrivals with its HTML 503 page, while
      // after the drain every answer already carries Connection: close, so clients reconnect
      // and find the port closed, which they retry elsewhere.
      server.setStopTimeout(STOP_TIMEOUT_MS);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Starts the sample.
   *
   * @param config validated settings
   * @return the running sample
   * @throws Exception when Jetty cannot start (e.g. the port is taken); nothing is left running
   */
  public static SampleApp start(SampleConfig config) throws Exception {
    SampleApp app = new SampleApp(config);
    try {
      Connectors.open(config, app.connector, app.management); // HOST, PORT, MANAGEMENT_PORT errors
      app.server.start();
    } catch (Exception | Error e) {
      app.close();
      throw e;
    }
    return app;
  }

  /** @return the port the server listens on (the real one when PORT was 0) */
  public int port() {
    return connector.getLocalPort();
  }

  /** @return the management port (the real one when MANAGEMENT_PORT was 0), or -1 without one */
  public int managementPort() {
    return management == null ? -1 : management.getLocalPort();
  }

  /** @return the monitor behind the filters and probes */
  public PressureMonitor monitor() {
    return monitor;
  }

  /** @return /expensive-op tasks waiting (not executing) */
  int queueWaiting() {
    return gate.queued();
  }

  /** @return requests in flight through the filters */
  long inFlight() {
    return slowFilter.inFlight() + expensiveOpFilter.inFlight();
  }

  /**
   * Graceful shutdown ({@link GracefulShutdown}): readiness fails at once while requests are
   * still served for SHUTDOWN_DELAY_MS, then new work gets 503 {@code draining} and requests in
   * flight get up to SHUTDOWN_GRACE_MS; what is still open then is answered 503 + Retry-After.
   * Then Jetty stops: the connector closes first, so no connection is cut mid-answer.
   *
   * @return what the drain did
   * @throws InterruptedException when interrupted while draining (everything is still stopped)
   */
  public GracefulShutdown.Outcome drainAndStop() throws InterruptedException {
    try {
      return GracefulShutdown.builder().delay(config.shutdownDelay).grace(config.shutdownGrace).build()
          .run(PressureServletContext.drainSwitch(context.getServletContext()),
              List.of(slowFilter, expensiveOpFilter));
    } finally {
      close();
    }
  }

  /** Stops at once: Jetty, the monitor and the timer. Idempotent. */
  @Override
  public void close() {
    try {
      if (server != null) {
        server.stop();
      }
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "stopping Jetty failed", e);
    } finally {
      monitor.close();
      timer.shutdownNow();
      try {
        timer.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
