package dev.pressure.servlet.internal;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recognises requests the container dispatches to one of this library's probe servlets
 * (status, readiness, liveness), by the servlet the request is mapped to
 * ({@code HttpServletRequest#getHttpServletMapping()}) rather than by its path: whatever
 * {@code excludePaths} says and however the path is spelled, a probe is never shed, so a pod
 * under load is never restarted by a failing liveness probe. Registrations are looked up once
 * per servlet name and cached; the request path then costs one map read and allocates nothing.
 * Thread-safe.
 */
public final class ProbeServlets {

  /** The library's probe servlet classes. */
  public static final Set<String> CLASSES = Set.of("dev.pressure.servlet.StatusServlet",
      "dev.pressure.servlet.ReadinessServlet", "dev.pressure.servlet.LivenessServlet");

  private final ServletContext context;
  private final ConcurrentHashMap<String, Boolean> byServletName = new ConcurrentHashMap<>();

  /** @param context the web application's context; null recognises nothing */
  public ProbeServlets(ServletContext context) {
    this.context = context;
  }

  /**
   * @param request a request at the filter
   * @return whether the container maps it to a probe servlet
   */
  public boolean isProbe(HttpServletRequest request) {
    if (context == null) {
      return false;
    }
    HttpServletMapping mapping = request.getHttpServletMapping();
    String name = mapping == null ? null : mapping.getServletName();
    if (name == null) {
      return false;
    }
    Boolean known = byServletName.get(name);
    if (known == null) {
      known = lookUp(name);
      byServletName.putIfAbsent(name, known);
    }
    return known;
  }

  private boolean lookUp(String name) {
    try {
      ServletRegistration reg = context.getServletRegistration(name);
      return reg != null && reg.getClassName() != null && CLASSES.contains(reg.getClassName());
    } catch (RuntimeException e) {
      return false; // a container that refuses the lookup: fall back to excludePaths alone
    }
  }
}
