package dev.pressure.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The adapter makes the calls upstream's ConcurrencyLimitServletFilter (v0.5.3) makes, in its order. */
class ConcurrencyLimitsFilterTest {

  private final List<String> calls = new ArrayList<>();
  private final StringWriter body = new StringWriter();
  private final HttpServletRequest request = proxy(HttpServletRequest.class);

  /** Records acquire and the listener's calls. */
  private final Limiter<HttpServletRequest> recording = context -> {
    calls.add("acquire(" + (context == request ? "request" : context) + ")");
    return Optional.of(new Limiter.Listener() {
      @Override
      public void onSuccess() {
        calls.add("onSuccess");
      }

      @Override
      public void onIgnore() {
        calls.add("onIgnore");
      }

      @Override
      public void onDropped() {
        calls.add("onDropped");
      }
    });
  };

  @Test
  void acquiresWithTheRequestRunsTheChainThenReportsSuccess() throws Exception {
    new ConcurrencyLimitsFilter(recording).doFilter(request, proxy(HttpServletResponse.class),
        (req, res) -> calls.add("chain"));
    assertThat(calls).containsExactly("acquire(request)", "chain", "onSuccess");
  }

  @Test
  void anExceptionIsReportedWithOnIgnoreAndRethrown() {
    ServletException failure = new ServletException("boom");
    assertThatThrownBy(() -> new ConcurrencyLimitsFilter(recording).doFilter(request,
        proxy(HttpServletResponse.class), (req, res) -> {
          calls.add("chain");
          throw failure;
        })).isSameAs(failure);
    assertThat(calls).containsExactly("acquire(request)", "chain", "onIgnore");
  }

  @Test
  void anErrorReachesNeitherListenerCallAsUpstream() {
    assertThatThrownBy(() -> new ConcurrencyLimitsFilter(recording).doFilter(request,
        proxy(HttpServletResponse.class), (req, res) -> {
          throw new AssertionError("an Error");
        })).isInstanceOf(AssertionError.class);
    assertThat(calls).containsExactly("acquire(request)");
  }

  @Test
  void answers429ThroughTheWriterWithoutRetryAfterWhenNoPermitIsLeft() throws Exception {
    SimpleLimiter<HttpServletRequest> limiter = SimpleLimiter.newBuilder().limit(FixedLimit.of(1)).build();
    Optional<Limiter.Listener> held = limiter.acquire(request);
    assertThat(held).isPresent();

    new ConcurrencyLimitsFilter(limiter).doFilter(request, proxy(HttpServletResponse.class),
        (req, res) -> calls.add("chain"));

    assertThat(calls).containsExactly("setStatus(429)", "getWriter()");
    assertThat(body).hasToString("Concurrency limit exceeded");
    held.get().onSuccess();
  }

  @Test
  void theThrottleStatusIsConfigurableAsUpstream() throws Exception {
    SimpleLimiter<HttpServletRequest> limiter = SimpleLimiter.newBuilder().limit(FixedLimit.of(1)).build();
    Optional<Limiter.Listener> held = limiter.acquire(request);
    new ConcurrencyLimitsFilter(limiter, 503).doFilter(request, proxy(HttpServletResponse.class), (req, res) -> { });
    assertThat(calls).startsWith("setStatus(503)");
    held.get().onSuccess();
  }

  /** A servlet type that logs each call made on it; getWriter writes into {@link #body}. */
  private <T> T proxy(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
        (p, method, args) -> {
          if (method.getName().equals("toString") || method.getName().equals("hashCode")
              || method.getName().equals("equals")) {
            return method.getName().equals("equals") ? p == args[0]
                : method.getName().equals("hashCode") ? System.identityHashCode(p) : type.getSimpleName();
          }
          calls.add(method.getName() + "(" + (args == null ? "" : String.join(",",
              java.util.Arrays.stream(args).map(String::valueOf).toList())) + ")");
          if (method.getName().equals("getWriter")) {
            return new PrintWriter(body, true);
          }
          return null;
        }));
  }
}
