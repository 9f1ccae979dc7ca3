package dev.pressure.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import jakarta.servlet.FilterChain;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

/** The adapter behaves as concurrency-limits' own servlet filter does. */
class ConcurrencyLimitsFilterTest {

  private final List<String> calls = new ArrayList<>();

  @Test
  void passesWithAPermitAndReportsSuccess() throws Exception {
    AtomicInteger successes = new AtomicInteger();
    Limiter<Void> limiter = context -> Optional.of(listener(successes));
    AtomicInteger chained = new AtomicInteger();
    FilterChain chain = (req, res) -> chained.incrementAndGet();

    new ConcurrencyLimitsFilter(limiter).doFilter(null, response(), chain);

    assertThat(chained).hasValue(1);
    assertThat(successes).hasValue(1);
    assertThat(calls).isEmpty();
  }

  @Test
  void answers429WithoutRetryAfterWhenNoPermitIsLeft() throws Exception {
    SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder().limit(FixedLimit.of(1)).build();
    Optional<Limiter.Listener> held = limiter.acquire(null);
    assertThat(held).isPresent();
    AtomicInteger chained = new AtomicInteger();

    new ConcurrencyLimitsFilter(limiter).doFilter(null, response(), (req, res) -> chained.incrementAndGet());

    assertThat(chained).hasValue(0);
    assertThat(calls).contains("setStatus(429)").noneMatch(c -> c.contains("Retry-After"));
    held.get().onSuccess();
  }

  private static Limiter.Listener listener(AtomicInteger successes) {
    return new Limiter.Listener() {
      @Override
      public void onSuccess() {
        successes.incrementAndGet();
      }

      @Override
      public void onIgnore() {}

      @Override
      public void onDropped() {}
    };
  }

  /** A response that logs the calls made on it; the output stream discards the body. */
  private HttpServletResponse response() {
    return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
          if (method.getName().equals("getOutputStream")) {
            return new jakarta.servlet.ServletOutputStream() {
              @Override
              public void write(int b) {}

              @Override
              public boolean isReady() {
                return true;
              }

              @Override
              public void setWriteListener(jakarta.servlet.WriteListener l) {}
            };
          }
          calls.add(method.getName() + "(" + (args == null ? "" : String.join(",",
              java.util.Arrays.stream(args).map(String::valueOf).toList())) + ")");
          return null;
        });
  }
}
