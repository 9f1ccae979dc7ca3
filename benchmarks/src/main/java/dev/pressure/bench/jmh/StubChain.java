package dev.pressure.bench.jmh;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * A filter chain of at most one filter in front of a servlet that does nothing (it sets
 * status 200), the way a container's chain calls them. With no filter the chain calls the
 * servlet directly, which is the baseline every filter is compared with.
 *
 * <p>Thread-safe when the filter is: the chain itself keeps no per-request state.
 */
final class StubChain implements FilterChain {

  private final Filter filter;
  private final FilterChain servlet = (request, response) -> ((StubResponse) response).setStatus(200);

  /**
   * A chain through {@code filter}, or straight to the servlet when it is null.
   *
   * @param filter the filter, or null
   */
  StubChain(Filter filter) {
    this.filter = filter;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
    if (filter == null) {
      servlet.doFilter(request, response);
    } else {
      filter.doFilter(request, response, servlet);
    }
  }
}
