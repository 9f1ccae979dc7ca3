package dev.pressure.servlet;

import dev.pressure.internal.ConfigParser;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import dev.pressure.Tier;
import dev.pressure.servlet.internal.ClassParam;
import dev.pressure.servlet.internal.ContextName;
import dev.pressure.servlet.internal.ExcludedPaths;
import dev.pressure.servlet.internal.FilterParams;
import dev.pressure.servlet.internal.InitParams;
import dev.pressure.servlet.internal.MonitorParams;
import dev.pressure.servlet.internal.RequestTimer;
import dev.pressure.servlet.internal.ShedResponse;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Sheds requests while the monitor says the application is under pressure: the servlet
 * counterpart of {@code @fastify/under-pressure}'s request hook. A shed request gets
 * {@code 503}, {@code Retry-After}, {@code Cache-Control: no-store} and the JSON body
 * {@code {"code":"UNDER_PRESSURE","error":"Service Unavailable","message":...,"statusCode":503,"type":...}}
 * (nothing is written to an already committed response), unless a {@link PressureHandler}
 * takes over. Every request that goes down the chain is counted in flight and timed into the
 * monitor's latency window, asynchronous ones until their {@code AsyncContext} completes.
 *
 * <p>Three ways to use it:
 * <ul>
 *   <li>declared in {@code web.xml} with init-params (under-pressure's option names, see
 *       {@code docs/servlet.md}); it creates, publishes and closes its own monitor unless the
 *       context already holds one ({@link PressureServletContext#MONITOR_ATTRIBUTE});
 *   <li>added with {@code ServletContext.addFilter(name, UnderPressureFilter.class)} and the
 *       same init-params;
 *   <li>built in code around a monitor the application owns:
 *       {@code UnderPressureFilter.builder(monitor).tier("shed").build()}.
 * </ul>
 * Bad configuration stops the web application from starting with
 * {@code <param>: <what is allowed>. Found: <value>}; unknown init-params are refused.
 *
 * <p>Map it for the {@code REQUEST} dispatch (the default). Exclude probes and metrics with
 * {@code excludePaths} or the mapping: excluded paths are neither shed nor timed.
 *
 * <p><b>Cost per request when not under pressure</b>: two string reads for the path match
 * (when paths are excluded), a clock read, a volatile read and a few comparisons, a
 * {@code LongAdder} increment and decrement and one latency recording. No lock and no
 * allocation, except one listener for an asynchronous request.
 *
 * <p>Thread-safe once initialized; configuration is immutable.
 */
public final class UnderPressureFilter implements Filter {

  /** Default {@code Retry-After}: 10 s, as under-pressure. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
  /** Default {@code message} of the 503 body, as under-pressure. */
  public static final String DEFAULT_MESSAGE = "Service Unavailable";

  private static final System.Logger LOG = System.getLogger(UnderPressureFilter.class.getName());

  private final boolean builtInCode;
  // Set by the builder or by init(); the container's init() happens-before every doFilter().
  private PressureMonitor monitor;
  private Tier tier;
  private ExcludedPaths excluded;
  private PressureHandler handler;
  private ShedResponse shed;
  private RequestTimer timer;
  private DrainSwitch drain = new DrainSwitch();
  private ServletContext context;
  private boolean ownsMonitor;

  /**
   * For containers ({@code web.xml}, {@code addFilter(name, UnderPressureFilter.class)}):
   * configured by init-params in {@link #init(FilterConfig)}.
   */
  public UnderPressureFilter() {
    this.builtInCode = false;
  }

  private UnderPressureFilter(Builder b) {
    this.builtInCode = true;
    configure(b.monitor, b.monitor.tier(b.tier), b.retryAfterSeconds, b.message, b.excludePaths,
        b.pressureHandler, b.recordLatency);
  }

  /**
   * A builder for a filter around a monitor the application owns (and closes).
   *
   * @param monitor the monitor
   * @return a builder with the defaults: tier {@code "default"}, {@code Retry-After} 10 s,
   *     message "Service Unavailable", nothing excluded, latency recorded
   */
  public static Builder builder(PressureMonitor monitor) {
    return new Builder(monitor);
  }

  private void configure(PressureMonitor monitor, Tier tier, long retryAfterSeconds, String message,
      ExcludedPaths excluded, PressureHandler handler, boolean recordLatency) {
    this.monitor = monitor;
    this.tier = tier;
    this.excluded = excluded;
    this.handler = handler;
    this.shed = new ShedResponse(retryAfterSeconds, message);
    this.timer = new RequestTimer(monitor, recordLatency);
  }

  /**
   * Reads the init-params (a filter built in code takes none), finds or creates the monitor
   * and the drain switch. Fails start-up on any bad value.
   *
   * @param config the filter's configuration
   * @throws ServletException with message {@code <param>: <what is allowed>. Found: <value>}
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    context = config.getServletContext();
    Map<String, String> params = InitParams.read(config.getInitParameterNames(), config::getInitParameter);
    try {
      if (builtInCode) {
        for (Map.Entry<String, String> e : params.entrySet()) {
          throw ConfigParser.error(e.getKey(), "no init-params on a filter built with UnderPressureFilter.builder "
              + "(configure it in code)", e.getValue());
        }
        PressureServletContext.publishIfAbsent(context, monitor);
      } else {
        initFromParams(params);
      }
    } catch (IllegalArgumentException e) {
      throw new ServletException(e.getMessage(), e);
    }
    drain = PressureServletContext.drainSwitch(context);
    LOG.log(Level.DEBUG, () -> "pressure: " + config.getFilterName() + " judges tier " + tier.name()
        + (ownsMonitor ? " of its own monitor" : " of the shared monitor"));
  }

  private void initFromParams(Map<String, String> params) {
    List<String> known = new ArrayList<>(FilterParams.NAMES);
    known.addAll(MonitorParams.NAMES);
    known.add("<tier>.{" + String.join(",", MonitorParams.TIER_LIMITS) + "}");
    InitParams.refuseUnknown("init-param of UnderPressureFilter", params,
        n -> FilterParams.NAMES.contains(n) || MonitorParams.isMonitorParam(n), known);

    // The filter's own values first, then the monitor's, then user classes, then threads.
    String tierName = params.getOrDefault("tier", PressureMonitor.DEFAULT_TIER);
    long retryAfter = params.containsKey("retryAfter")
        ? FilterParams.retryAfterSeconds(params.get("retryAfter")) : DEFAULT_RETRY_AFTER.getSeconds();
    String message = params.containsKey("message") ? FilterParams.message(params.get("message")) : DEFAULT_MESSAGE;
    ExcludedPaths excludes = params.containsKey("excludePaths")
        ? ExcludedPaths.parse("excludePaths", params.get("excludePaths")) : ExcludedPaths.NONE;
    boolean record = !params.containsKey("recordLatency") || ConfigParser.bool("recordLatency", params.get("recordLatency"));

    PressureMonitor existing = PressureServletContext.monitor(context);
    MonitorParams.Parsed parsed = null;
    if (existing != null) {
      refuseMonitorParams(params);
    } else {
      parsed = MonitorParams.parse(params, ClassParam.webappLoader(context));
      if (parsed.latencyLimited() && !record) {
        throw ConfigParser.error("recordLatency", "true when maxLatency is set (this filter's monitor "
            + "has no other source of request durations)", params.get("recordLatency"));
      }
    }
    PressureHandler h = params.containsKey("pressureHandler") ? ClassParam.instantiate("pressureHandler",
        params.get("pressureHandler"), PressureHandler.class, ClassParam.webappLoader(context)) : null;

    PressureMonitor m = existing != null ? existing : parsed.start(ContextName.of(context));
    try {
      if (existing == null) {
        PressureMonitor published = PressureServletContext.publishIfAbsent(context, m);
        if (published != m) { // another component published one meanwhile
          m.close();
          refuseMonitorParams(params);
          m = published;
        } else {
          ownsMonitor = true;
        }
      }
      configure(m, m.tier(tierName), retryAfter, message, excludes, h, record);
    } catch (RuntimeException e) {
      if (ownsMonitor) {
        PressureServletContext.unpublish(context, m);
        m.close();
        ownsMonitor = false;
      }
      throw e;
    }
  }

  private static void refuseMonitorParams(Map<String, String> params) {
    for (String name : MonitorParams.present(params)) {
      throw ConfigParser.error(name, "not set on the filter when the ServletContext already holds a monitor ("
          + PressureServletContext.MONITOR_ATTRIBUTE + "); configure that monitor instead", params.get(name));
    }
  }

  /**
   * Judges, sheds or passes the request; times and counts what passes.
   *
   * @param req the request
   * @param res the response
   * @param chain the rest of the chain
   * @throws IOException from the chain or when writing the shed answer fails
   * @throws ServletException from the chain or the pressure handler
   */
  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req.getDispatcherType() != DispatcherType.REQUEST
        || !(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      // Only the original REQUEST dispatch is judged, counted and timed. An ASYNC dispatch
      // (AsyncContext.dispatch) continues a request that is already counted and whose
      // AsyncListener times it until the whole async cycle completes: counting it again
      // would count one request twice. FORWARD, INCLUDE and ERROR are likewise parts of a
      // request seen at its REQUEST dispatch.
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (!excluded.isEmpty() && excluded.matches(request.getServletPath(), request.getPathInfo())) {
      chain.doFilter(req, res);
      return;
    }
    long start = monitor.nanoTime();
    if (drain.isDraining()) {
      monitor.recordShed(DrainSwitch.TYPE);
      shed.write(response, DrainSwitch.TYPE.name(), true);
      return;
    }
    // One snapshot per request: the verdict and the value a handler sees both come from it.
    PressureSnapshot snapshot = monitor.snapshot();
    PressureType type = tier.check(snapshot, start);
    if (type != null && answeredUnderPressure(request, response, snapshot, type)) {
      return;
    }
    timer.begin();
    boolean endsAsync = false;
    try {
      chain.doFilter(req, res);
      if (request.isAsyncStarted()) {
        endsAsync = endOnAsyncCompletion(request, start);
      }
    } finally {
      // Whatever the chain did (returned, threw an exception or an Error), the count is
      // released exactly once: here, or by the async listener.
      if (!endsAsync) {
        timer.end(start);
      }
    }
  }

  private boolean answeredUnderPressure(HttpServletRequest request, HttpServletResponse response,
      PressureSnapshot snapshot, PressureType type) throws IOException, ServletException {
    if (handler != null) {
      PressureHandler.Outcome outcome = handler.handle(request, response, type, tier.value(snapshot, type));
      if (outcome == PressureHandler.Outcome.CONTINUE) {
        return false;
      }
      monitor.recordShed(type);
      return true;
    }
    monitor.recordShed(type);
    shed.write(response, type.name(), false);
    return true;
  }

  private boolean endOnAsyncCompletion(HttpServletRequest request, long start) {
    try {
      request.getAsyncContext().addListener(timer.asyncListener(start));
      return true;
    } catch (IllegalStateException e) {
      // The async cycle already ended (completed before we could listen): end it here.
      return false;
    }
  }

  /**
   * Answers a request the way this filter answers a shed one (503, {@code Retry-After},
   * {@code Cache-Control: no-store}, the JSON body) and counts it as shed under {@code type}.
   * For an application's own admission check behind the filter, e.g. a bounded queue that
   * refuses a request which passed the filter's check at the same instant as another.
   *
   * @param response the response; nothing is written when it is committed
   * @param type the type to report and count
   * @return true when written, false when the response was already committed
   * @throws IOException when writing fails
   */
  public boolean shed(HttpServletResponse response, PressureType type) throws IOException {
    monitor.recordShed(type);
    return shed.write(response, type.name(), false);
  }

  /**
   * Requests that went down the chain and have not finished (async ones until their
   * {@code AsyncContext} completes); wait for zero after {@link DrainSwitch#drain()}.
   *
   * @return the count, 0 before {@link #init(FilterConfig)}
   */
  public long inFlight() {
    return timer == null ? 0 : timer.inFlight();
  }

  /**
   * The monitor this filter judges.
   *
   * @return the monitor; null for a container-configured filter before {@link #init(FilterConfig)}
   */
  public PressureMonitor monitor() {
    return monitor;
  }

  /** Closes the monitor if this filter created it; a shared or application-owned monitor stays open. */
  @Override
  public void destroy() {
    if (ownsMonitor) {
      ownsMonitor = false;
      PressureServletContext.unpublish(context, monitor);
      monitor.close();
    }
  }

  @Override
  public String toString() {
    return "UnderPressureFilter{tier=" + (tier == null ? null : tier.name()) + ", excludePaths=" + excluded
        + ", inFlight=" + inFlight() + '}';
  }

  /**
   * Validating builder for a filter around an application-owned monitor; every setter rejects
   * bad input at once with {@code <name>: <what is allowed>. Found: <value>}. Not thread-safe;
   * the filter it builds is.
   */
  public static final class Builder {
    private final PressureMonitor monitor;
    private String tier = PressureMonitor.DEFAULT_TIER;
    private long retryAfterSeconds = DEFAULT_RETRY_AFTER.getSeconds();
    private String message = DEFAULT_MESSAGE;
    private ExcludedPaths excludePaths = ExcludedPaths.NONE;
    private PressureHandler pressureHandler;
    private boolean recordLatency = true;

    private Builder(PressureMonitor monitor) {
      if (monitor == null) {
        throw ConfigParser.error("monitor", "a PressureMonitor", null);
      }
      this.monitor = monitor;
    }

    /**
     * The tier the filter judges, e.g. {@code "shed"} while readiness uses a lower one.
     *
     * @param name a tier of the monitor; default {@code "default"}
     * @return this builder
     */
    public Builder tier(String name) {
      monitor.tier(name); // throws "tier: one of [...]. Found: ..." for an unknown tier
      tier = name;
      return this;
    }

    /**
     * The {@code Retry-After} header of the 503 answer.
     *
     * @param retryAfter whole seconds {@code >= 0}; default 10 s
     * @return this builder
     */
    public Builder retryAfter(Duration retryAfter) {
      retryAfterSeconds = FilterParams.retryAfterSeconds(retryAfter, retryAfter);
      return this;
    }

    /**
     * The {@code message} of the 503 body (JSON-escaped when written).
     *
     * @param message at most 1000 characters, no control characters; default "Service Unavailable"
     * @return this builder
     */
    public Builder message(String message) {
      this.message = FilterParams.message(message);
      return this;
    }

    /**
     * Paths never shed nor timed: exact ({@code /health}) or prefix patterns ({@code /health/*}),
     * matched against the path within the context.
     *
     * @param paths each starting with {@code /}; replaces earlier ones
     * @return this builder
     */
    public Builder excludePaths(String... paths) {
      if (paths == null) {
        throw ConfigParser.error("excludePaths", "paths", null);
      }
      excludePaths = ExcludedPaths.of("excludePaths", Arrays.asList(paths));
      return this;
    }

    /**
     * A handler that decides instead of the default 503 answer.
     *
     * @param handler the handler
     * @return this builder
     */
    public Builder pressureHandler(PressureHandler handler) {
      if (handler == null) {
        throw ConfigParser.error("pressureHandler", "a PressureHandler", null);
      }
      pressureHandler = handler;
      return this;
    }

    /**
     * Whether requests are timed into the monitor's latency window.
     *
     * @param record default true; false when something else records (e.g. a metrics filter)
     * @return this builder
     */
    public Builder recordLatency(boolean record) {
      recordLatency = record;
      return this;
    }

    /**
     * Builds the filter; register it with {@code servletContext.addFilter(name, filter)}.
     *
     * @return the filter
     */
    public UnderPressureFilter build() {
      return new UnderPressureFilter(this);
    }
  }
}
