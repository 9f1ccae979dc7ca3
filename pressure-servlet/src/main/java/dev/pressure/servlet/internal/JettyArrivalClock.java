package dev.pressure.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Jetty 12 (ee10): the core request's {@code getBeginNanoTime()}, which Jetty documents as
 * the {@link System#nanoTime()} at which the request arrived at the connector. Loaded only when
 * the selector found Jetty's classes ({@code requires static} in module-info); a request that is
 * not Jetty's (a wrapper from another filter Jetty cannot unwrap) starts on the filter's clock.
 */
final class JettyArrivalClock implements ArrivalClock {

  /**
   * Checks that this Jetty has both methods, so a version without them fails here, once,
   * and the selector falls back, instead of failing requests.
   *
   * @return a clock
   * @throws NoSuchMethodException when either method is missing
   */
  static JettyArrivalClock resolve() throws NoSuchMethodException {
    ServletContextRequest.class.getMethod("getServletContextRequest", jakarta.servlet.ServletRequest.class);
    ServletContextRequest.class.getMethod("getBeginNanoTime");
    return new JettyArrivalClock();
  }

  @Override
  public long startNanos(HttpServletRequest request) {
    ServletContextRequest core = ServletContextRequest.getServletContextRequest(request);
    return core != null ? core.getBeginNanoTime() : System.nanoTime();
  }

  @Override
  public String name() {
    return "jetty";
  }
}
