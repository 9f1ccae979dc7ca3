package dev.pressure.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.servlet.UnderPressureFilter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;

/**
 * DeferredResult and CompletableFuture are timed to completion: in flight until the result is
 * set, then recorded with a duration covering the time they were held. Tomcat and Jetty.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApp.class,
    properties = "pressure.sample-interval=20ms")
class AsyncHttpTest {

  @LocalServerPort
  int port;

  @Autowired
  PressureMonitor monitor;

  @Autowired
  @Qualifier("pressureFilter")
  FilterRegistrationBean<UnderPressureFilter> filter;

  @Autowired
  TestApp.Held held;

  @Autowired
  ApplicationContext context;

  @Test
  void deferredResultIsTimedToCompletion() throws Exception {
    Containers.assertExpected(context);
    held.deferred.set(null);
    timedToCompletion("/deferred", () -> held.deferred.get() != null, () -> held.deferred.get().setResult("late"));
  }

  @Test
  void completableFutureIsTimedToCompletion() throws Exception {
    held.future.set(null);
    timedToCompletion("/future", () -> held.future.get() != null, () -> held.future.get().complete("late"));
  }

  private void timedToCompletion(String path, Callable<Boolean> started, Runnable complete) throws Exception {
    UnderPressureFilter f = filter.getFilter();
    long countBefore = recorded();
    long sumBefore = monitor.snapshot().latency().totalSumNanos();
    CompletableFuture<HttpResponse<String>> response = Http.getAsync(port, path);
    await().atMost(Duration.ofSeconds(10)).until(started);
    long heldFrom = System.nanoTime();
    await().atMost(Duration.ofSeconds(10)).until(() -> f.inFlight() == 1);
    assertThat(response).as("held open").isNotDone();
    // A sample after the controller returned: it would count the request had it been recorded then.
    long now = monitor.nanoTime();
    await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().timestampNanos() > now);
    assertThat(recorded()).as("not recorded before completion").isEqualTo(countBefore);

    long heldNanos = System.nanoTime() - heldFrom;
    complete.run();
    HttpResponse<String> r = response.get(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("late");
    await().atMost(Duration.ofSeconds(10)).until(() -> f.inFlight() == 0 && recorded() == countBefore + 1);
    assertThat(monitor.snapshot().latency().totalSumNanos() - sumBefore)
        .as("the recorded duration covers the time the result was held").isGreaterThanOrEqualTo(heldNanos);
  }

  private long recorded() {
    return monitor.snapshot().latency().totalCount();
  }
}
