package dev.pressure.servlet.internal;

import dev.pressure.PressureMonitor;
import dev.pressure.Tier;
import dev.pressure.servlet.PressureServletContext;
import jakarta.servlet.ServletContext;

/**
 * The tier an endpoint judges. The monitor comes from code or from the context attribute; when
 * the endpoint starts before whoever publishes the monitor (containers may initialize
 * load-on-startup servlets before filters), it is looked up again on each request until found.
 * Thread-safe.
 */
public final class ProbeTarget {

  private final PressureMonitor fixed;
  private final String tierName;
  private final String preferredTier;
  private volatile Tier tier;

  /**
   * @param fixed a monitor given in code, or null to use the context's
   * @param tierName the tier to judge, or null for {@code preferredTier} if it exists, else the default tier
   * @param preferredTier e.g. {@code "readiness"}; may be null
   */
  public ProbeTarget(PressureMonitor fixed, String tierName, String preferredTier) {
    this.fixed = fixed;
    this.tierName = tierName;
    this.preferredTier = preferredTier;
  }

  /**
   * Resolves the tier now if the monitor is there (to fail start-up on an unknown tier).
   *
   * @param context the web application's context
   * @throws IllegalArgumentException {@code tier: one of [...]. Found: ...}
   */
  public void resolveEarly(ServletContext context) {
    tier(context);
  }

  /**
   * @param context the web application's context
   * @return the tier, or null while no monitor is published
   * @throws IllegalArgumentException {@code tier: one of [...]. Found: ...}
   */
  public Tier tier(ServletContext context) {
    Tier t = tier;
    if (t != null) {
      return t;
    }
    PressureMonitor m = fixed != null ? fixed : PressureServletContext.monitor(context);
    if (m == null) {
      return null;
    }
    String name = tierName;
    if (name == null) {
      name = preferredTier != null && m.tierNames().contains(preferredTier) ? preferredTier : PressureMonitor.DEFAULT_TIER;
    }
    t = m.tier(name);
    tier = t;
    return t;
  }
}
