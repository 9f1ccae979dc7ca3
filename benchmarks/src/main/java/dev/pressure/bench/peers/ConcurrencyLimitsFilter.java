package dev.pressure.bench.peers;

import com.netflix.concurrency.limits.Limiter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Netflix concurrency-limits in front of a jakarta servlet chain, written the way its
 * {@code concurrency-limits-servlet} module's {@code ConcurrencyLimitServletFilter} does it
 * (that module is built on {@code javax.servlet}, which this project bans, hence the adapter):
 * acquire a permit, run the chain, report success, or answer 429 when no permit is left.
 *
 * <p>Kept deliberately faithful to the original, including its habits: the 429 has no
 * {@code Retry-After}, async requests are counted as finished when {@code doFilter} returns,
 * and a chain that throws an {@link Error} is reported to the limiter only as the original
 * reports it (the listener is told nothing, so the permit leaks). The benchmark measures the
 * peer as users run it.
 *
 * <p>Thread-safe when the limiter is (every concurrency-limits limiter is).
 */
public final class ConcurrencyLimitsFilter implements Filter {

  /** The status concurrency-limits answers when the limit is reached. */
  public static final int STATUS_TOO_MANY_REQUESTS = 429;

  private static final byte[] BODY = "Concurrency limit exceeded".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Limiter<Void> limiter;

  /**
   * A filter around a limiter.
   *
   * @param limiter e.g. a {@code SimpleLimiter} with a {@code Gradient2Limit}
   */
  public ConcurrencyLimitsFilter(Limiter<Void> limiter) {
    this.limiter = limiter;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Optional<Limiter.Listener> listener = limiter.acquire(null);
    if (listener.isPresent()) {
      try {
        chain.doFilter(request, response);
        listener.get().onSuccess();
      } catch (Exception e) {
        // As the original: an exception ignores the sample and releases the permit, and is swallowed.
        listener.get().onIgnore();
      }
    } else {
      HttpServletResponse http = (HttpServletResponse) response;
      http.setStatus(STATUS_TOO_MANY_REQUESTS);
      // The original prints through getWriter(); a fixed length keeps the client's parser simple.
      http.setContentLength(BODY.length);
      http.getOutputStream().write(BODY);
    }
  }
}
