package dev.pressure.servlet;

import dev.pressure.internal.ConfigParser;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import dev.pressure.admission.AdmissionConfig;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.admission.Criticality;
import dev.pressure.servlet.internal.AdmissionSettings;
import dev.pressure.servlet.internal.AdmissionStep;
import dev.pressure.servlet.internal.ExcludedPaths;
import dev.pressure.servlet.internal.FilterInit;
import dev.pressure.servlet.internal.FilterPipeline;
import dev.pressure.servlet.internal.FilterParams;
import dev.pressure.servlet.internal.InitParams;
import dev.pressure.servlet.internal.RecordPolicy;
import dev.pressure.servlet.internal.RemainingRequests;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
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
 * <p>Map it for the {@code REQUEST} dispatch (the default). Requests the container maps to the
 * library's {@link StatusServlet}, {@link ReadinessServlet} or {@link LivenessServlet} always
 * pass, neither shed nor timed, whatever the mapping and {@code excludePaths} say. Exclude
 * metrics and other paths with {@code excludePaths} or the mapping: excluded paths are neither
 * shed nor timed, but only when spelled canonically (a path with {@code //}, {@code .} or
 * {@code ..} segments, {@code ;} or {@code \} is judged like any other). By default
 * {@code OPTIONS} requests and {@code 4xx} answers are not timed ({@code recordOptions},
 * {@code recordClientErrors}).
 *
 * <p><b>Admission.</b> With {@code maxConcurrentRequests} (a number, or {@code adaptive}) it bounds work
 * through an {@link AdmissionGate}: at most that many requests inside the chain, up to
 * {@code maxQueuedRequests} more suspended (no thread held) for at most {@code maxQueueTime},
 * ordered by {@link Criticality}; the rest get the same 503 with {@code "type"}
 * {@code concurrentRequests}, {@code queueTime} or {@code deadline}. Map the filter for
 * {@code REQUEST} and {@code ASYNC} and mark it async-supported: a queued request resumes by
 * {@code AsyncContext.dispatch()}. A request that cannot go async waits on its thread, at most
 * the queue time. See {@code docs/admission.md}.
 *
 * <p><b>Cost per request when not under pressure</b>: two string reads for the path match
 * (when paths are excluded), a clock read, a volatile read and a few comparisons, a
 * {@code LongAdder} increment and decrement and one latency recording. No lock and no
 * allocation (an async-supported request travels in a per-thread reused wrapper that registers
 * the completion listener the moment the application calls {@code startAsync}; only a request
 * that goes async allocates its listener). With a gate and a free permit: one CAS more to take
 * it and one atomic decrement to give it back.
 *
 * <p>Thread-safe once initialized; configuration is immutable.
 */
public final class UnderPressureFilter implements Filter {

  /** Default {@code Retry-After}: 10 s, as under-pressure. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);
  /** Default {@code message} of the 503 body, as under-pressure. */
  public static final String DEFAULT_MESSAGE = "Service Unavailable";
  /** Default {@code permitLeakWarning}: 10 min. */
  public static final Duration DEFAULT_PERMIT_LEAK_WARNING = AdmissionSettings.DEFAULT_PERMIT_LEAK_WARNING;
  /** Default {@code retryAfterMax} of {@code retryAfter=auto}: 30 s. */
  public static final Duration DEFAULT_RETRY_AFTER_MAX = AdmissionSettings.DEFAULT_RETRY_AFTER_MAX;
  /**
   * Request attribute that application code in front of the filter (an earlier filter) sets to a
   * {@link Criticality} or its name; it wins over the header and the path rules.
   */
  public static final String CRITICALITY_ATTRIBUTE = AdmissionStep.CRITICALITY_ATTRIBUTE;
  /**
   * Request attribute holding the {@link dev.pressure.admission.Permit} of an admitted request
   * once it went async: an application may release it before writing its answer (idempotent;
   * it also ends the request's timing).
   */
  public static final String PERMIT_ATTRIBUTE = AdmissionStep.PERMIT_ATTRIBUTE;
  /**
   * Prefix of the {@code ServletContext} attribute under which a filter with a gate publishes
   * its {@link AdmissionGate}, followed by the filter's name (e.g. for a metrics collector).
   */
  public static final String GATE_ATTRIBUTE_PREFIX = "dev.pressure.admission.gate.";

  private final boolean builtInCode;
  // Set by the builder or by init(); the container's init() happens-before every doFilter().
  private FilterPipeline pipeline;
  private ServletContext context;
  private boolean ownsMonitor;
  private String gateAttribute;

  /**
   * For containers ({@code web.xml}, {@code addFilter(name, UnderPressureFilter.class)}):
   * configured by init-params in {@link #init(FilterConfig)}.
   */
  public UnderPressureFilter() {
    this.builtInCode = false;
  }

  private UnderPressureFilter(Builder b) {
    this.builtInCode = true;
    pipeline = new FilterPipeline(b.monitor, b.monitor.tier(b.tier), b.retryAfterSeconds, b.message, b.excludePaths,
        b.pressureHandler, new RecordPolicy(b.recordLatency, b.recordOptions, b.recordClientErrors),
        b.admission.build(), null);
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
        FilterInit.builtInCode(params, pipeline.excluded(), context, pipeline.monitor());
      } else {
        FilterInit.Parsed p = FilterInit.fromParams(params, context, DEFAULT_RETRY_AFTER, DEFAULT_MESSAGE);
        ownsMonitor = p.ownsMonitor();
        pipeline = p.pipeline();
      }
    } catch (IllegalArgumentException e) {
      throw new ServletException(e.getMessage(), e);
    }
    pipeline = pipeline.inContext(context, PressureServletContext.drainSwitch(context));
    gateAttribute = FilterInit.started(context, config.getFilterName(), pipeline, ownsMonitor);
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
    pipeline.doFilter(req, res, chain);
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
    pipeline.monitor().recordShed(type);
    return pipeline.shed().write(response, type.name(), false);
  }

  /**
   * Requests that went down the chain or wait in the admission queue and have not finished
   * (async ones until their {@code AsyncContext} completes); {@link #awaitIdle(Duration)} waits
   * for zero after {@link DrainSwitch#drain()}.
   *
   * @return the count, 0 before {@link #init(FilterConfig)}
   */
  public long inFlight() {
    return pipeline == null ? 0 : pipeline.timer().inFlight();
  }

  /**
   * The admission gate ({@code maxConcurrentRequests > 0}), e.g. for its metrics.
   *
   * @return the gate, or null when there is none (or before {@link #init(FilterConfig)})
   */
  public AdmissionGate admissionGate() {
    return pipeline == null ? null : pipeline.admission().gate();
  }

  /**
   * Waits until no request is in flight through this filter, without polling: the last one to
   * finish wakes the caller. Call it after {@link DrainSwitch#drain()}; {@link GracefulShutdown}
   * does.
   *
   * @param timeout the longest wait, {@code >= 0}
   * @return true when nothing was in flight before the timeout
   * @throws InterruptedException when interrupted while waiting
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    if (timeout == null || timeout.isNegative()) {
      throw ConfigParser.error("timeout", "a duration >= 0", timeout);
    }
    return pipeline == null || pipeline.timer().awaitIdle(timeout.toNanos());
  }

  /**
   * Answers every asynchronous request still in flight the way a draining filter answers new
   * work (503 {@code draining}, {@code Retry-After}, {@code Connection: close}) and completes
   * it: what a drain does when its grace period is over, so clients get an answer they can
   * retry rather than a container error page or a reset connection. A response already
   * committed is only completed. Synchronous requests still running on a container thread
   * cannot be answered from here and are left to finish.
   *
   * @return how many requests were answered 503
   */
  public int answerRemaining() {
    if (pipeline == null) {
      return 0;
    }
    return RemainingRequests.answer(pipeline.admission().openAsync(), pipeline.shed(), DrainSwitch.TYPE.name(),
        () -> pipeline.monitor().recordShed(DrainSwitch.TYPE));
  }

  /**
   * The monitor this filter judges.
   *
   * @return the monitor; null for a container-configured filter before {@link #init(FilterConfig)}
   */
  public PressureMonitor monitor() {
    return pipeline == null ? null : pipeline.monitor();
  }

  /** Closes the monitor if this filter created it; a shared or application-owned monitor stays open. */
  @Override
  public void destroy() {
    FilterInit.stopped(context, gateAttribute, pipeline, ownsMonitor);
    gateAttribute = null;
    ownsMonitor = false;
  }

  @Override
  public String toString() {
    return "UnderPressureFilter{tier=" + (pipeline == null ? null : pipeline.tier().name()) + ", excludePaths="
        + (pipeline == null ? null : pipeline.excluded()) + ", inFlight=" + inFlight() + '}';
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
    private final AdmissionSettings.Builder admission = AdmissionSettings.builder();
    private boolean recordOptions;
    private boolean recordClientErrors;

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
     * Whether {@code OPTIONS} requests are timed into the latency window: by default not, so
     * floods of cheap preflight requests cannot dilute the quantile.
     *
     * @param record default false
     * @return this builder
     */
    public Builder recordOptions(boolean record) {
      recordOptions = record;
      return this;
    }

    /**
     * Whether requests answered with a {@code 4xx} status are timed into the latency window: by
     * default not, so cheap refusals (404, 401, 400) cannot dilute the quantile.
     *
     * @param record default false
     * @return this builder
     */
    public Builder recordClientErrors(boolean record) {
      recordClientErrors = record;
      return this;
    }

    /**
     * Bounds work with a new gate: {@code maxConcurrentRequests}, {@code maxQueuedRequests},
     * {@code maxQueueTime}, {@code queueOrder}, {@code codelInterval}, {@code codelTarget}.
     *
     * @param config the gate's settings; {@code maxConcurrentRequests} 0 means no gate
     * @return this builder
     */
    public Builder admission(AdmissionConfig config) {
      admission.config(config);
      return this;
    }

    /**
     * Bounds work with a gate the application made (to register its live signals on the monitor
     * first, or to share it between filters).
     *
     * @param gate the gate
     * @return this builder
     */
    public Builder admission(AdmissionGate gate) {
      admission.gate(gate);
      return this;
    }

    /**
     * The header a trusted gateway sets to a {@link Criticality} name. Never name a header
     * clients can set unless the gateway overwrites or strips it.
     *
     * @param header a header name; default none
     * @return this builder
     */
    public Builder criticalityHeader(String header) {
      admission.criticalityHeader(header);
      return this;
    }

    /**
     * Paths whose requests have {@code level} (the first level that matches, most critical first).
     *
     * @param level the level
     * @param paths exact ({@code /batch}) or prefix ({@code /batch/*}) patterns
     * @return this builder
     */
    public Builder criticality(Criticality level, String... paths) {
      if (paths == null) {
        throw ConfigParser.error(AdmissionSettings.CRITICALITY_PREFIX + level, "paths", null);
      }
      admission.criticality(level, Arrays.asList(paths));
      return this;
    }

    /**
     * The header with the client's remaining time: milliseconds ({@code X-Request-Timeout},
     * {@code x-envoy-expected-rq-timeout-ms}) or the {@code grpc-timeout} format.
     *
     * @param header a header name; default none
     * @return this builder
     */
    public Builder deadlineHeader(String header) {
      admission.deadlineHeader(header);
      return this;
    }

    /**
     * {@code retryAfter=auto}: {@code Retry-After} from the gate's drain rate, within
     * [1 s, {@code max}], +-20% jitter. Needs a gate.
     *
     * @param max the largest value, whole seconds; default 30 s
     * @return this builder
     */
    public Builder retryAfterAuto(Duration max) {
      admission.retryAfterMax(max).retryAfterAuto(true);
      return this;
    }

    /**
     * How long an async request may hold a permit before it is logged (once) as a likely leak.
     *
     * @param warning at least 1 ms; default 10 min
     * @return this builder
     */
    public Builder permitLeakWarning(Duration warning) {
      admission.permitLeakWarning(warning);
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
