package dev.pressure.servlet.internal;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Which finished requests the filter records into the latency window. By default not
 * {@code OPTIONS} requests and not {@code 4xx} answers: requests that cost nothing would
 * otherwise dilute the window (200,000 cheap requests hide five slow ones from a p99.9).
 * Immutable and thread-safe; allocation-free.
 *
 * @param latency whether anything is recorded ({@code recordLatency})
 * @param options whether {@code OPTIONS} requests are recorded ({@code recordOptions})
 * @param clientErrors whether answers with a {@code 4xx} status are recorded ({@code recordClientErrors})
 */
public record RecordPolicy(boolean latency, boolean options, boolean clientErrors) {

  /** The defaults: record, but not OPTIONS and not 4xx. */
  public static final RecordPolicy DEFAULT = new RecordPolicy(true, false, false);

  /**
   * @param request the finished request
   * @param response its response
   * @return whether its duration goes into the window
   */
  public boolean records(ServletRequest request, ServletResponse response) {
    return records(methodOf(request), statusOf(response));
  }

  /**
   * The same decision from values read earlier: an async request's completion may run after the
   * container recycled its request, so it keeps these two instead of the objects.
   *
   * @param method the request's method, or null when not HTTP
   * @param status the response's status, or -1 when not HTTP
   * @return whether its duration goes into the window
   */
  public boolean records(String method, int status) {
    if (!latency) {
      return false;
    }
    if (!options && "OPTIONS".equals(method)) {
      return false;
    }
    return clientErrors || status < 400 || status > 499;
  }

  /**
   * @param request a request
   * @return its HTTP method, or null
   */
  public static String methodOf(ServletRequest request) {
    return request instanceof HttpServletRequest h ? h.getMethod() : null;
  }

  /**
   * @param response a response
   * @return its HTTP status, or -1
   */
  public static int statusOf(ServletResponse response) {
    return response instanceof HttpServletResponse h ? h.getStatus() : -1;
  }
}
