package dev.pressure.servlet.internal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request's latency starts: the container's own record of when it received the
 * request, where the container keeps one, else a reading of the monitor's clock in the filter.
 * Either way the value is a reading of the monitor's clock ({@link System#nanoTime()} when a
 * container clock is used: {@link ArrivalClocks} checks that the monitor's clock is that one).
 *
 * <p>Implementations are thread-safe, lock-free and allocation-free.
 */
public interface ArrivalClock {

  /**
   * @param request the request at its REQUEST dispatch
   * @return its start, in the monitor's clock
   */
  long startNanos(HttpServletRequest request);

  /** {@return a short name for logs and tests: {@code filter}, {@code jetty} or {@code tomcat}} */
  String name();
}
