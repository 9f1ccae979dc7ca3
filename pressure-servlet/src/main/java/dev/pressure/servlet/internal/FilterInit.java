package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import dev.pressure.Tier;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.internal.ConfigParser;
import dev.pressure.servlet.PressureHandler;
import dev.pressure.servlet.PressureServletContext;
import dev.pressure.servlet.UnderPressureFilter;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The start-up of an {@code UnderPressureFilter}: its init-params parsed and validated into an
 * immutable {@link Parsed}, the monitor found or created and published, so the filter itself
 * holds only the request path. Anything bad fails with {@code <param>: <allowed>. Found: <value>}
 * and leaves nothing behind (a monitor this created is closed and unpublished again).
 */
public final class FilterInit {

  private static final System.Logger LOG = System.getLogger("dev.pressure.servlet.UnderPressureFilter");

  private FilterInit() {}

  /**
   * The end of {@code init}: publishes the gate as {@code dev.pressure.admission.gate.<filter-name>},
   * adds the tier to those readiness judges, reports the tiers of a monitor the filter owns.
   *
   * @param context the filter's context
   * @param filterName the filter's name
   * @param pipeline the context-bound pipeline
   * @param ownsMonitor whether the filter created its monitor
   * @return the gate's attribute name, or null without a gate
   */
  public static String started(ServletContext context, String filterName, FilterPipeline pipeline,
      boolean ownsMonitor) {
    String gateAttribute = null;
    AdmissionGate gate = pipeline.admission().gate();
    if (gate != null) {
      gateAttribute = UnderPressureFilter.GATE_ATTRIBUTE_PREFIX + filterName;
      context.setAttribute(gateAttribute, gate);
    }
    FilterTiers.of(context).add(pipeline.tier()); // readiness fails whenever this filter would shed
    if (ownsMonitor) {
      TierUsage.report(context, pipeline.monitor());
    }
    LOG.log(Level.DEBUG, () -> "pressure: " + ConfigParser.describe(filterName) + " judges tier "
        + pipeline.tier().name() + (ownsMonitor ? " of its own monitor" : " of the shared monitor"));
    return gateAttribute;
  }

  /**
   * {@code destroy}: undoes {@link #started} and closes a monitor the filter created.
   *
   * @param context the filter's context, or null when it never started
   * @param gateAttribute the gate's attribute, or null
   * @param pipeline the filter's pipeline, or null
   * @param ownsMonitor whether the filter created its monitor (and has not closed it yet)
   */
  public static void stopped(ServletContext context, String gateAttribute, FilterPipeline pipeline,
      boolean ownsMonitor) {
    if (gateAttribute != null) {
      context.removeAttribute(gateAttribute);
    }
    if (context != null && pipeline != null) {
      FilterTiers.of(context).remove(pipeline.tier());
    }
    if (ownsMonitor) {
      PressureServletContext.unpublish(context, pipeline.monitor());
      pipeline.monitor().close();
    }
  }

  /**
   * What a container-configured filter runs with.
   *
   * @param monitor the monitor judged (the context's, or the one created here)
   * @param ownsMonitor whether the filter created it (and closes it on destroy)
   * @param tier the tier judged
   * @param retryAfterSeconds the fixed {@code Retry-After}
   * @param message the 503 body's message
   * @param excluded paths neither shed nor timed
   * @param handler the pressure handler, or null
   * @param record which requests are timed
   * @param settings the admission settings
   * @param gate the gate, or null
   */
  public record Parsed(PressureMonitor monitor, boolean ownsMonitor, Tier tier, long retryAfterSeconds, String message,
      ExcludedPaths excluded, PressureHandler handler, RecordPolicy record, AdmissionSettings settings,
      AdmissionGate gate) {

    /** {@return the request path these settings make} */
    public FilterPipeline pipeline() {
      return new FilterPipeline(monitor, tier, retryAfterSeconds, message, excluded, handler, record, settings, gate);
    }
  }

  /**
   * A filter built in code takes no init-params, and its excluded paths must not start with the
   * context path; its monitor is published on the context unless one already is.
   *
   * @param params the init-params the container gave
   * @param excluded the builder's excluded paths
   * @param context the filter's context
   * @param monitor the builder's monitor
   */
  public static void builtInCode(Map<String, String> params, ExcludedPaths excluded, ServletContext context,
      PressureMonitor monitor) {
    for (Map.Entry<String, String> e : params.entrySet()) {
      throw ConfigParser.error(e.getKey(), "no init-params on a filter built with UnderPressureFilter.builder "
          + "(configure it in code)", e.getValue());
    }
    excluded.refuseContextPath("excludePaths", context.getContextPath());
    PressureServletContext.publishIfAbsent(context, monitor);
  }

  /**
   * Parses a container-configured filter's init-params and finds or starts its monitor.
   *
   * @param params the init-params
   * @param context the filter's context
   * @param defaultRetryAfter {@code Retry-After} when none is given
   * @param defaultMessage the 503 message when none is given
   * @return the parsed configuration
   * @throws IllegalArgumentException {@code <param>: <allowed>. Found: <value>}
   */
  public static Parsed fromParams(Map<String, String> params, ServletContext context, Duration defaultRetryAfter,
      String defaultMessage) {
    List<String> known = new ArrayList<>(FilterParams.NAMES);
    known.addAll(MonitorParams.NAMES);
    known.addAll(AdmissionSettings.NAMES);
    known.add(AdmissionSettings.CRITICALITY_PREFIX + "<LEVEL>");
    known.add("<tier>.{" + String.join(",", MonitorParams.TIER_LIMITS) + "}");
    InitParams.refuseUnknown("init-param of UnderPressureFilter", params,
        n -> FilterParams.NAMES.contains(n) || MonitorParams.isMonitorParam(n)
            || AdmissionSettings.isAdmissionParam(n), known);

    // The filter's own values first, then the monitor's, then user classes, then threads.
    String tierName = params.getOrDefault("tier", PressureMonitor.DEFAULT_TIER);
    boolean retryAfterAuto = params.containsKey("retryAfter") && params.get("retryAfter").trim().equals("auto");
    long retryAfter = params.containsKey("retryAfter") && !retryAfterAuto
        ? FilterParams.retryAfterSeconds(params.get("retryAfter")) : defaultRetryAfter.getSeconds();
    AdmissionSettings settings = AdmissionSettings.parse(params, retryAfterAuto);
    // The gate exists before the monitor: its live signals are the monitor's (tier limits
    // such as readiness.maxSaturation bound them).
    AdmissionGate gate = settings.gate();
    Map<String, DoubleSupplier> gateSignals = new LinkedHashMap<>();
    if (gate != null) {
      gateSignals.put(AdmissionGate.SIGNAL_IN_FLIGHT, gate::inFlight);
      gateSignals.put(AdmissionGate.SIGNAL_QUEUED, gate::queued);
      gateSignals.put(AdmissionGate.SIGNAL_SATURATION, gate::saturation);
      gateSignals.put(AdmissionGate.SIGNAL_LIMIT, gate::limit);
    }
    String message = params.containsKey("message") ? FilterParams.message(params.get("message")) : defaultMessage;
    ExcludedPaths excludes = params.containsKey("excludePaths")
        ? ExcludedPaths.parse("excludePaths", params.get("excludePaths")) : ExcludedPaths.NONE;
    excludes.refuseContextPath("excludePaths", context.getContextPath());
    boolean record = !params.containsKey("recordLatency") || ConfigParser.bool("recordLatency", params.get("recordLatency"));
    RecordPolicy policy = new RecordPolicy(record,
        params.containsKey("recordOptions") && ConfigParser.bool("recordOptions", params.get("recordOptions")),
        params.containsKey("recordClientErrors") && ConfigParser.bool("recordClientErrors", params.get("recordClientErrors")));

    PressureMonitor existing = PressureServletContext.monitor(context);
    MonitorParams.Parsed parsed = null;
    if (existing != null) {
      refuseMonitorParams(params);
    } else {
      parsed = MonitorParams.parse(params, ClassParam.webappLoader(context), gateSignals);
      if (parsed.latencyLimited() && !record) {
        throw ConfigParser.error("recordLatency", "true when maxLatency is set (this filter's monitor "
            + "has no other source of request durations)", params.get("recordLatency"));
      }
    }
    PressureHandler h = params.containsKey("pressureHandler") ? ClassParam.instantiate("pressureHandler",
        params.get("pressureHandler"), PressureHandler.class, ClassParam.webappLoader(context)) : null;

    PressureMonitor m = existing != null ? existing : parsed.start(ContextName.of(context));
    boolean owns = false;
    try {
      if (existing == null) {
        PressureMonitor published = PressureServletContext.publishIfAbsent(context, m);
        if (published != m) { // another component published one meanwhile
          m.close();
          refuseMonitorParams(params);
          m = published;
        } else {
          owns = true;
        }
      }
      return new Parsed(m, owns, m.tier(tierName), retryAfter, message, excludes, h, policy, settings, gate);
    } catch (RuntimeException e) {
      if (owns) {
        PressureServletContext.unpublish(context, m);
        m.close();
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
}
