package dev.pressure.bench.overload;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.pressure.PressureMonitor;
import dev.pressure.admission.AdaptiveLimitConfig;
import dev.pressure.admission.AdmissionConfig;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.bench.peers.ConcurrencyLimitsFilter;
import dev.pressure.servlet.UnderPressureFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An embedded Jetty 12 (ee10) on a loopback port serving {@code GET /work} from a
 * {@link FixedCapacity}, with one {@link Protection} in front. Jetty's defaults otherwise
 * (200 threads), as an application would start it. With {@link RequestMarks}, each
 * protection is given what its own features can do with the marks: see {@link #start(Protection,
 * FixedCapacity, double, RequestMarks)}.
 *
 * <p>Not thread-safe: start and close from one thread.
 */
final class BenchServer implements AutoCloseable {

  /** The endpoint's path. */
  static final String PATH = "/work";
  /** Jetty's default maximum thread count. */
  static final int MAX_THREADS = 200;
  /**
   * Request threads of the {@code thread-pool} workload beyond the {@code c} a protection may
   * fill. A filter or handler can refuse or suspend a request only on a pool thread: with every
   * thread asleep in the servlet, arrivals wait in Jetty's job queue, unseen by any protection.
   * One spare thread keeps them moving (each refusal or suspension takes microseconds).
   */
  static final int SPARE_THREADS = 1;

  private final Server server;
  private final PressureMonitor monitor;
  private final String description;
  private final UnderPressureFilter filter;
  private final ServiceLog serviceLog;

  private BenchServer(Server server, PressureMonitor monitor, String description, UnderPressureFilter filter,
      ServiceLog serviceLog) {
    this.server = server;
    this.monitor = monitor;
    this.description = description;
    this.filter = filter;
    this.serviceLog = serviceLog;
  }

  /**
   * Starts a server.
   *
   * @param protection what stands in front of the endpoint
   * @param capacity the endpoint's bottleneck
   * @param queueBound q: waiting requests per slot that the protections allow
   * @return the running server
   * @throws Exception when Jetty fails to start
   */
  static BenchServer start(Protection protection, FixedCapacity capacity, double queueBound) throws Exception {
    return start(protection, capacity, queueBound, RequestMarks.NONE);
  }

  /**
   * Starts a server for requests carrying {@code marks}. A criticality mix configures each
   * protection's own priority feature: pressure's {@code criticalityHeader}, Jetty's
   * {@code QoSHandler.getPriority} ({@link CriticalityQoSHandler}), concurrency-limits'
   * partitions ({@link CriticalityPartitions}); nothing for none. Deadlines configure
   * pressure's {@code deadlineHeader}; the peers have no such feature. The harness is the
   * server's only, trusted, caller.
   *
   * @param protection what stands in front of the endpoint
   * @param capacity the endpoint's bottleneck
   * @param queueBound q: waiting requests per slot that the protections allow
   * @param marks what the requests carry
   * @return the running server
   * @throws Exception when Jetty fails to start
   */
  static BenchServer start(Protection protection, FixedCapacity capacity, double queueBound, RequestMarks marks)
      throws Exception {
    int c = capacity.concurrency();
    boolean poolBound = capacity.workload() == Workload.THREAD_POOL;
    // thread-pool: c + SPARE_THREADS request threads plus the acceptor and the selector, none reserved.
    int poolSize = c + SPARE_THREADS + 2;
    QueuedThreadPool threads = poolBound ? new QueuedThreadPool(poolSize, poolSize) : new QueuedThreadPool(MAX_THREADS);
    if (poolBound) {
      threads.setReservedThreads(0);
    }
    threads.setName("bench-server");
    threads.setStopTimeout(500);
    Server server = new Server(threads);
    server.setStopTimeout(0); // no graceful drain: requests still queued are interrupted
    ServerConnector connector = poolBound ? new ServerConnector(server, 1, 1) : new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServiceLog serviceLog = new ServiceLog(marks.deadlines() ? ServiceLog.DEFAULT_CAPACITY : 0);
    context.addServlet(new ServletHolder(new WorkServlet(capacity, serviceLog)), PATH);

    PressureMonitor monitor = null;
    UnderPressureFilter pressureFilter = null;
    Handler handler = context;
    String description;
    switch (protection) {
      case NONE -> description = "no protection" + (marks.plain() ? "" : "; the headers are ignored");
      case PRESSURE_GATE, PRESSURE_ADAPTIVE -> {
        // pressure's own settings only: the gate (static at c, or adaptive from the library's
        // defaults) and the queue bound every configuration gets; queue time left at its default.
        int maxWaiting = (int) Math.round(queueBound * c);
        monitor = PressureMonitor.builder().build();
        AdmissionConfig.Builder gate = AdmissionConfig.builder().maxQueuedRequests(maxWaiting);
        AdaptiveLimitConfig adaptive = AdaptiveLimitConfig.DEFAULTS;
        if (protection == Protection.PRESSURE_GATE) {
          gate.maxConcurrentRequests(c);
        } else {
          if (poolBound) {
            // No limit in a filter sees Jetty's job queue (requests wait there before any filter
            // runs, and Jetty stamps them only when a thread takes them), so latency never rises
            // and the limit would grow past the pool: bound it by the threads it may fill.
            adaptive = adaptive.toBuilder().maxLimit(c).initialLimit(Math.min(c, adaptive.initialLimit())).build();
          }
          gate.adaptive(adaptive);
        }
        AdmissionConfig config = gate.build();
        UnderPressureFilter.Builder builder = UnderPressureFilter.builder(monitor).admission(config);
        String headers = "";
        if (marks.prioritized()) {
          builder.criticalityHeader(RequestMarks.CRITICALITY_HEADER);
          headers += "; criticalityHeader " + RequestMarks.CRITICALITY_HEADER;
        }
        if (marks.deadlines()) {
          builder.deadlineHeader(RequestMarks.DEADLINE_HEADER);
          headers += "; deadlineHeader " + RequestMarks.DEADLINE_HEADER;
        }
        UnderPressureFilter filter = builder.build();
        pressureFilter = filter;
        // ASYNC too: a queued request resumes through an ASYNC dispatch of this filter.
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
        description = protection == Protection.PRESSURE_GATE
            ? "UnderPressureFilter admission gate; maxConcurrentRequests " + c + ", maxQueuedRequests " + maxWaiting
                + ", maxQueueTime " + config.maxQueueTime().toMillis() + " ms"
            : "UnderPressureFilter admission gate; maxConcurrentRequests=adaptive (" + adaptive
                + "), maxQueuedRequests " + maxWaiting + ", maxQueueTime " + config.maxQueueTime().toMillis() + " ms";
        description += headers;
      }
      case CONCURRENCY_LIMITS -> {
        int initial = (int) Math.round((1 + queueBound) * c);
        Gradient2Limit limit = Gradient2Limit.newBuilder().initialLimit(initial).minLimit(c).build();
        Limiter<jakarta.servlet.http.HttpServletRequest> limiter = marks.prioritized()
            ? new CriticalityPartitions().limit(limit).build()
            : SimpleLimiter.newBuilder().limit(limit).build();
        addFilter(context, new ConcurrencyLimitsFilter(limiter));
        description = (marks.prioritized()
            ? "partitioned limiter (CRITICAL " + Math.round(100 * CriticalityPartitions.CRITICAL_SHARE)
                + "% / SHEDDABLE " + Math.round(100 * (1 - CriticalityPartitions.CRITICAL_SHARE))
                + "% of the limit, by " + RequestMarks.CRITICALITY_HEADER + ")"
            : "SimpleLimiter") + " + Gradient2Limit(initialLimit " + initial + ", minLimit " + c + ")";
      }
      case JETTY_QOS -> {
        QoSHandler qos = marks.prioritized() ? new CriticalityQoSHandler(context) : new QoSHandler(context);
        qos.setMaxRequestCount(c);
        qos.setMaxSuspendedRequestCount((int) Math.round(queueBound * c));
        handler = qos;
        description = "QoSHandler(maxRequestCount " + c + ", maxSuspendedRequestCount "
            + qos.getMaxSuspendedRequestCount() + ", maxSuspend " + qos.getMaxSuspend() + ")"
            + (marks.prioritized() ? "; getPriority from " + RequestMarks.CRITICALITY_HEADER : "");
      }
      default -> throw new IllegalStateException(protection.toString());
    }
    server.setHandler(handler);
    try {
      server.start();
    } catch (Exception e) {
      if (monitor != null) {
        monitor.close();
      }
      throw e;
    }
    return new BenchServer(server, monitor, description, pressureFilter, serviceLog);
  }

  private static void addFilter(ServletContextHandler context, Filter filter) {
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
  }

  /** @return where the server listens */
  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  /** @return the pressure filter's admission gate (limit, in flight, queued); null for other protections */
  AdmissionGate gate() {
    return filter == null ? null : filter.admissionGate();
  }

  /** @return the server's record of its work (empty unless requests carry their intended send time) */
  ServiceLog serviceLog() {
    return serviceLog;
  }

  /** @return the protection's settings, for the report */
  String description() {
    return description;
  }

  /**
   * Stops Jetty (interrupting requests still queued) and the monitor.
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
