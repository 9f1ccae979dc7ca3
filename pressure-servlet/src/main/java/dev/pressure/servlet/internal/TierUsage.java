package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import dev.pressure.internal.LogText;
import dev.pressure.internal.Suggestions;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reports, at start-up, tiers configured by parameters ({@code <tier>.<limit>}) that no filter
 * or endpoint of the web application judges: almost always a typo such as
 * {@code Readiness.maxHeapUsedBytes}, which would otherwise leave readiness at 200 while
 * {@code /status} shows the misspelled tier tripped. Reads the filter and servlet registrations
 * ({@code tier} init-params and each component's default). Metrics export every tier, so an
 * unjudged tier is reported, not refused. Stateless and thread-safe.
 */
public final class TierUsage {

  private static final System.Logger LOG = System.getLogger("dev.pressure.servlet");
  private static final String FILTER = "dev.pressure.servlet.UnderPressureFilter";
  private static final String READINESS = "dev.pressure.servlet.ReadinessServlet";
  private static final String STATUS = "dev.pressure.servlet.StatusServlet";

  private TierUsage() {}

  /**
   * The report lines, one per unjudged tier.
   *
   * @param context the web application's context
   * @param monitor the monitor built from the parameters
   * @return messages naming each unjudged tier and the closest judged name; empty when the
   *     container does not let this caller read the registrations
   */
  public static List<String> unjudged(ServletContext context, PressureMonitor monitor) {
    Set<String> judged = new LinkedHashSet<>();
    Set<String> expected = new LinkedHashSet<>();
    try {
      for (FilterRegistration r : context.getFilterRegistrations().values()) {
        if (FILTER.equals(r.getClassName())) {
          judged.add(paramOr(r.getInitParameter("tier"), PressureMonitor.DEFAULT_TIER));
        }
      }
      for (ServletRegistration r : context.getServletRegistrations().values()) {
        if (READINESS.equals(r.getClassName())) {
          String tier = r.getInitParameter("tier");
          if (tier == null) {
            expected.add("readiness"); // what an unconfigured readiness endpoint looks for
            judged.add(monitor.tierNames().contains("readiness") ? "readiness" : PressureMonitor.DEFAULT_TIER);
          } else {
            judged.add(tier);
          }
        } else if (STATUS.equals(r.getClassName())) {
          judged.add(paramOr(r.getInitParameter("tier"), PressureMonitor.DEFAULT_TIER));
        }
      }
    } catch (RuntimeException e) {
      return List.of(); // e.g. UnsupportedOperationException for a programmatic listener
    }
    judged.addAll(FilterTiers.of(context).names()); // filters built in code that already started
    List<String> candidates = new ArrayList<>(judged);
    candidates.addAll(expected);
    List<String> lines = new ArrayList<>();
    for (String tier : monitor.tierNames()) {
      if (!tier.equals(PressureMonitor.DEFAULT_TIER) && !judged.contains(tier)) {
        String closest = Suggestions.closest(tier, candidates);
        lines.add("pressure: tier \"" + LogText.escape(tier) + "\" is configured but no filter or endpoint of this "
            + "web application judges it" + (closest == null ? "" : " (closest judged name: \"" + closest + "\")")
            + "; only metrics report it. Check its spelling");
      }
    }
    return lines;
  }

  /**
   * Logs {@link #unjudged} at WARNING.
   *
   * @param context the web application's context
   * @param monitor the monitor built from the parameters
   */
  public static void report(ServletContext context, PressureMonitor monitor) {
    for (String line : unjudged(context, monitor)) {
      LOG.log(Level.WARNING, line);
    }
  }

  private static String paramOr(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
