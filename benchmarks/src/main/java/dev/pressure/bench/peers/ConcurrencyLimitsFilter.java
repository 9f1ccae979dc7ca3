package dev.pressure.bench.peers;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Netflix concurrency-limits' jakarta servlet filter, written here because its artifact
 * ({@code concurrency-limits-servlet-jakarta}) is not served by the Maven repository this
 * build uses. It follows {@code
 * concurrency-limits-servlet-jakarta/src/main/java/com/netflix/concurrency/limits/servlet/jakarta/ConcurrencyLimitServletFilter.java}
 * at tag {@code v0.5.3} (commit {@code 414f64ddd2ad758145f3a8cdbcf1c95a89921062}) call for call:
 * {@code limiter.acquire((HttpServletRequest) request)}; with a listener, the chain, then
 * {@code onSuccess()}, and on an {@link Exception} {@code onIgnore()} and the exception
 * rethrown (an {@link Error} reaches neither, so its permit leaks, as upstream's does); without
 * one, status 429 and {@code getWriter().print("Concurrency limit exceeded")}, an
 * {@link IOException} there swallowed. No {@code Retry-After}; an async request counts as
 * finished when {@code doFilter} returns. The benchmark measures the peer as users run it.
 *
 * <p>Thread-safe when the limiter is (every concurrency-limits limiter is).
 */
public final class ConcurrencyLimitsFilter implements Filter {

  /** The status concurrency-limits answers when the limit is reached (upstream's default). */
  public static final int STATUS_TOO_MANY_REQUESTS = 429;

  private final Limiter<HttpServletRequest> limiter;
  private final int throttleStatus;

  /**
   * A filter around a limiter answering 429, as upstream's one-argument constructor.
   *
   * @param limiter e.g. a {@code SimpleLimiter} with a {@code Gradient2Limit}
   */
  public ConcurrencyLimitsFilter(Limiter<HttpServletRequest> limiter) {
    this(limiter, STATUS_TOO_MANY_REQUESTS);
  }

  /**
   * A filter around a limiter answering {@code throttleStatus}, as upstream's two-argument one.
   *
   * @param limiter the limiter
   * @param throttleStatus the status of a refused request
   */
  public ConcurrencyLimitsFilter(Limiter<HttpServletRequest> limiter, int throttleStatus) {
    this.limiter = limiter;
    this.throttleStatus = throttleStatus;
  }

  @Override
  public void init(FilterConfig filterConfig) {
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Optional<Limiter.Listener> listener = limiter.acquire((HttpServletRequest) request);
    if (listener.isPresent()) {
      try {
        chain.doFilter(request, response);
        listener.get().onSuccess();
      } catch (Exception e) {
        listener.get().onIgnore();
        throw e;
      }
    } else {
      outputThrottleError((HttpServletResponse) response);
    }
  }

  private void outputThrottleError(HttpServletResponse response) {
    try {
      response.setStatus(throttleStatus);
      response.getWriter().print("Concurrency limit exceeded");
    } catch (IOException e) {
      // Upstream swallows it too.
    }
  }

  @Override
  public void destroy() {
  }
}
