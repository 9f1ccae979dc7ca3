package dev.pressure.servlet.internal;

import jakarta.servlet.ServletContext;

/**
 * The monitor name for a web application: its display name, else its context path, reduced to
 * the characters a monitor name allows, so two applications in one container tell their
 * {@code pressure-...} threads and JMX names apart. Stateless and thread-safe.
 */
public final class ContextName {

  private ContextName() {}

  /**
   * The name for {@code context}'s monitor.
   *
   * @param context the web application
   * @return 1 to 64 of {@code [A-Za-z0-9_.-]}; {@code ROOT} for the root context without a display name
   */
  public static String of(ServletContext context) {
    String name = clean(context.getServletContextName());
    if (name.isEmpty()) {
      name = clean(context.getContextPath());
    }
    return name.isEmpty() ? "ROOT" : name;
  }

  private static String clean(String raw) {
    String name = raw == null ? "" : raw.replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^-+|-+$", "");
    return name.length() > 64 ? name.substring(0, 64) : name;
  }
}
