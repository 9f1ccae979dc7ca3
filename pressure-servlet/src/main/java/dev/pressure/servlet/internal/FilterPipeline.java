package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import dev.pressure.Tier;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.servlet.DrainSwitch;
import dev.pressure.servlet.PressureHandler;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * What {@code UnderPressureFilter.doFilter} runs, with everything it needs: the monitor and
 * tier it judges, the bypass rules, the 503 writer, the timer and the admission step. Immutable
 * and thread-safe; the filter makes one when configured and a context-bound copy
 * ({@link #inContext}) in {@code init}, so the request path reads only final fields.
 */
public final class FilterPipeline {

  private final PressureMonitor monitor;
  private final Tier tier;
  private final ExcludedPaths excluded;
  private final RequestBypass bypass;
  private final PressureHandler handler;
  private final ShedResponse shed;
  private final RequestTimer timer;
  private final AdmissionStep admission;
  private final ArrivalClock arrival;
  private final DrainSwitch drain;

  /**
   * A pipeline not yet bound to a context: probe servlets unknown, the filter's own clock, a
   * drain switch of its own.
   *
   * @param monitor the monitor
   * @param tier the tier judged
   * @param retryAfterSeconds the fixed {@code Retry-After}
   * @param message the 503 message
   * @param excluded paths neither shed nor timed
   * @param handler the pressure handler, or null
   * @param record which requests are timed
   * @param settings the admission settings
   * @param gate the gate, or null for the settings' own
   */
  public FilterPipeline(PressureMonitor monitor, Tier tier, long retryAfterSeconds, String message,
      ExcludedPaths excluded, PressureHandler handler, RecordPolicy record, AdmissionSettings settings,
      AdmissionGate gate) {
    this.monitor = monitor;
    this.tier = tier;
    this.excluded = excluded;
    this.bypass = new RequestBypass(new ProbeServlets(null), excluded);
    this.handler = handler;
    this.shed = new ShedResponse(retryAfterSeconds, message);
    this.timer = new RequestTimer(monitor, record);
    this.admission = new AdmissionStep(settings, gate != null ? gate : settings.gate(), timer, monitor::nanoTime,
        shed, retryAfterSeconds);
    this.arrival = ArrivalClocks.filterClock(monitor); // inContext may pick the container's
    this.drain = new DrainSwitch();
  }

  private FilterPipeline(FilterPipeline p, ServletContext context, DrainSwitch drain) {
    this.monitor = p.monitor;
    this.tier = p.tier;
    this.excluded = p.excluded;
    this.bypass = new RequestBypass(new ProbeServlets(context), p.excluded);
    this.handler = p.handler;
    this.shed = p.shed;
    this.timer = p.timer;
    this.admission = p.admission;
    this.arrival = ArrivalClocks.select(context, p.monitor);
    this.drain = drain;
  }

  /**
   * The same pipeline bound to its context: the context's probe servlets, the container's
   * arrival clock where there is one, the context's drain switch.
   *
   * @param context the filter's context
   * @param drain the context's drain switch
   * @return a new pipeline sharing the timer and the admission step
   */
  public FilterPipeline inContext(ServletContext context, DrainSwitch drain) {
    return new FilterPipeline(this, context, drain);
  }

  /** {@return the monitor judged} */
  public PressureMonitor monitor() {
    return monitor;
  }

  /** {@return the tier judged} */
  public Tier tier() {
    return tier;
  }

  /** {@return paths neither shed nor timed} */
  public ExcludedPaths excluded() {
    return excluded;
  }

  /** {@return the 503 writer} */
  public ShedResponse shed() {
    return shed;
  }

  /** {@return the in-flight count and latency recorder} */
  public RequestTimer timer() {
    return timer;
  }

  /** {@return the admission step} */
  public AdmissionStep admission() {
    return admission;
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
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    DispatcherType dispatch = req.getDispatcherType();
    if (dispatch == DispatcherType.ASYNC && admission.resume(req, res, chain)) {
      return; // a queued request that got its permit, counted since it arrived
    }
    if (dispatch != DispatcherType.REQUEST
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
    if (bypass.test(request)) {
      chain.doFilter(req, res);
      return;
    }
    // The container's arrival stamp where it keeps one: the window then sees time spent in the
    // container before the filter (not its thread-pool queue; see docs/admission-adaptive.md).
    long start = arrival.startNanos(request);
    if (drain.refusesNewWork()) {
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
    admission.admit(request, response, chain, start);
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
    shed.write(response, type.name(), false, admission.retryAfterSeconds());
    return true;
  }
}
