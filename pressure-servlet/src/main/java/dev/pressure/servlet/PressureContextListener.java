package dev.pressure.servlet;

import dev.pressure.internal.ConfigParser;
import dev.pressure.PressureMonitor;
import dev.pressure.servlet.internal.ClassParam;
import dev.pressure.servlet.internal.ContextName;
import dev.pressure.servlet.internal.InitParams;
import dev.pressure.servlet.internal.MonitorParams;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds the web application's monitor from context-params before any filter or servlet
 * starts, publishes it under {@link PressureServletContext#MONITOR_ATTRIBUTE}, and closes it on
 * {@code contextDestroyed}. Use it when several components (filters, endpoints, metrics) share
 * the monitor; {@link UnderPressureFilter} then takes only its own init-params.
 *
 * <p>Context-params take the filter's monitor names ({@code maxEventLoopDelay},
 * {@code maxHeapUsedBytes}, {@code sampleInterval}, {@code healthCheck}, {@code maxLatency}, ...)
 * and {@code <tier>.<limit>} for extra tiers such as {@code readiness.maxLatency}. Other
 * context-params belong to other code and are ignored, except a known name spelled in another
 * case, which is refused as a typo. A bad value stops the web application from starting with
 * {@code <param>: <what is allowed>. Found: <value>}. If the context already holds a monitor,
 * the listener uses it and refuses monitor context-params.
 *
 * <p>Thread-safe (the container calls it once per event).
 */
public final class PressureContextListener implements ServletContextListener {

  private PressureMonitor created;

  /** For {@code web.xml} ({@code <listener>}) and {@code ServletContext.addListener}. */
  public PressureContextListener() {}

  /**
   * Builds and publishes the monitor.
   *
   * @param event the context event
   * @throws IllegalArgumentException {@code <param>: <what is allowed>. Found: <value>} on bad config
   */
  @Override
  public synchronized void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Map<String, String> all = InitParams.read(context.getInitParameterNames(), context::getInitParameter);
    Set<String> known = new HashSet<>(MonitorParams.NAMES);
    InitParams.refuseMisspelled("context-param", all, known);
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : all.entrySet()) {
      if (MonitorParams.isMonitorParam(e.getKey())) {
        params.put(e.getKey(), e.getValue());
      }
    }
    if (PressureServletContext.monitor(context) != null) {
      for (Map.Entry<String, String> e : params.entrySet()) {
        throw ConfigParser.error(e.getKey(), "not set when the ServletContext already holds a monitor ("
            + PressureServletContext.MONITOR_ATTRIBUTE + ")", e.getValue());
      }
      return;
    }
    MonitorParams.Parsed parsed = MonitorParams.parse(params, ClassParam.webappLoader(context));
    PressureMonitor monitor = parsed.start(ContextName.of(context));
    if (PressureServletContext.publishIfAbsent(context, monitor) != monitor) {
      monitor.close();
      return;
    }
    created = monitor;
    PressureServletContext.drainSwitch(context);
  }

  /**
   * Closes the monitor this listener created.
   *
   * @param event the context event
   */
  @Override
  public synchronized void contextDestroyed(ServletContextEvent event) {
    if (created != null) {
      PressureServletContext.unpublish(event.getServletContext(), created);
      created.close();
      created = null;
    }
  }
}
