package dev.pressure.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.servlet.UnderPressureFilter;
import jakarta.servlet.DispatcherType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;

/**
 * DeferredResult and CompletableFuture are timed to completion: in flight until the result is
 * set, then recorded with a duration covering the time they were held (each holding the
 * admission gate's one permit meanwhile). The gate of {@code pressure.max-concurrent-requests=1}
 * without a queue admits one request and answers the second 503 "concurrentRequests". Tomcat
 * and Jetty.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApp.class,
    properties = {"pressure.sample-interval=20ms", "pressure.max-concurrent-requests=1", "pressure.max-queued-requests=0"})
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

  @BeforeEach
  void gateIsFree() {
    // The previous test's response can reach the client before its permit is given back.
    await().atMost(Duration.ofSeconds(10)).until(() -> filter.getFilter().admissionGate().inFlight() == 0);
  }

  @Test
  void theGateAdmitsOneRequestAndShedsTheSecondWithConcurrentRequests() throws Exception {
    assertThat(filter.getFilter().admissionGate().config().maxConcurrentRequests()).isEqualTo(1);
    assertThat(filter.isAsyncSupported()).isTrue();
    assertThat(filter.determineDispatcherTypes()).as("a queued request resumes by AsyncContext.dispatch()")
        .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    held.slowEntered.set(entered);
    held.slowRelease.set(release);
    try {
      CompletableFuture<HttpResponse<String>> first = Http.getAsync(port, "/slow");
      assertThat(entered.await(10, TimeUnit.SECONDS)).as("the first request holds the permit").isTrue();

      HttpResponse<String> second = Http.get(port, "/slow");
      assertThat(second.statusCode()).isEqualTo(503);
      assertThat(second.headers().firstValue("Retry-After")).hasValue("10");
      assertThat(second.body()).contains("\"code\":\"UNDER_PRESSURE\"", "\"type\":\"concurrentRequests\"")
          .as("the answer docs/spring-boot.md shows").isEqualTo(documentedBody());

      release.countDown();
      HttpResponse<String> r = first.get(10, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("slow");
    } finally {
      release.countDown();
    }
  }

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

  private static String documentedBody() throws java.io.IOException {
    return java.nio.file.Files.readAllLines(SpringBootDocTest.GUIDE).stream()
        .filter(l -> l.startsWith("{") && l.contains("\"type\":\"concurrentRequests\"")).findFirst().orElseThrow();
  }

  private long recorded() {
    return monitor.snapshot().latency().totalCount();
  }
}
