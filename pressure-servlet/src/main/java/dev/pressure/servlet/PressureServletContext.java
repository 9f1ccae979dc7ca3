package dev.pressure.servlet;

import dev.pressure.PressureMonitor;
import jakarta.servlet.ServletContext;

/**
 * Where the monitor and the drain switch of a web application live: two
 * {@code ServletContext} attributes, so the filter, the endpoints and the application share
 * one monitor (one sampler thread) and one switch.
 *
 * <p>Whoever creates a monitor publishes it under {@link #MONITOR_ATTRIBUTE} and closes it:
 * {@link PressureContextListener} on {@code contextDestroyed}, {@link UnderPressureFilter} in
 * {@code destroy()}. An application that creates its own monitor may publish it with
 * {@code servletContext.setAttribute(MONITOR_ATTRIBUTE, monitor)} before filters start; it
 * then closes it itself. Stateless and thread-safe.
 */
public final class PressureServletContext {

  /** The attribute holding the shared {@link PressureMonitor}: {@code dev.pressure.PressureMonitor}. */
  public static final String MONITOR_ATTRIBUTE = "dev.pressure.PressureMonitor";

  /** The attribute holding the {@link DrainSwitch}: {@code dev.pressure.servlet.DrainSwitch}. */
  public static final String DRAIN_ATTRIBUTE = "dev.pressure.servlet.DrainSwitch";

  private static final Object LOCK = new Object();

  private PressureServletContext() {}

  /**
   * The monitor published in {@code context}.
   *
   * @param context the web application's context
   * @return the monitor, or null when none is published
   */
  public static PressureMonitor monitor(ServletContext context) {
    Object value = context.getAttribute(MONITOR_ATTRIBUTE);
    return value instanceof PressureMonitor ? (PressureMonitor) value : null;
  }

  /**
   * Publishes {@code monitor} unless a monitor is published already.
   *
   * @param context the web application's context
   * @param monitor the monitor
   * @return the monitor now published: {@code monitor}, or the one that was there first
   */
  public static PressureMonitor publishIfAbsent(ServletContext context, PressureMonitor monitor) {
    synchronized (LOCK) {
      PressureMonitor existing = monitor(context);
      if (existing != null) {
        return existing;
      }
      context.setAttribute(MONITOR_ATTRIBUTE, monitor);
      return monitor;
    }
  }

  /**
   * Removes the published monitor if it is {@code monitor} (its creator is shutting down).
   *
   * @param context the web application's context
   * @param monitor the monitor being closed
   */
  public static void unpublish(ServletContext context, PressureMonitor monitor) {
    synchronized (LOCK) {
      if (context.getAttribute(MONITOR_ATTRIBUTE) == monitor) {
        context.removeAttribute(MONITOR_ATTRIBUTE);
      }
    }
  }

  /**
   * The context's drain switch, created on first use.
   *
   * @param context the web application's context
   * @return the switch, the same one for every caller of this context
   */
  public static DrainSwitch drainSwitch(ServletContext context) {
    synchronized (LOCK) {
      Object value = context.getAttribute(DRAIN_ATTRIBUTE);
      if (value instanceof DrainSwitch) {
        return (DrainSwitch) value;
      }
      DrainSwitch created = new DrainSwitch();
      context.setAttribute(DRAIN_ATTRIBUTE, created);
      return created;
    }
  }

  /**
   * Starts draining the application: readiness fails and the filter refuses new work.
   *
   * @param context the web application's context
   */
  public static void drain(ServletContext context) {
    drainSwitch(context).drain();
  }
}
