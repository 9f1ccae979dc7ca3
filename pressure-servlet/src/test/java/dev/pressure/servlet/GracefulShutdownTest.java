package dev.pressure.servlet;

import static dev.pressure.servlet.ContainerContractTest.app;
import static dev.pressure.servlet.ContainerContractTest.filter;
import static dev.pressure.servlet.ContainerContractTest.shedBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.servlet.support.AsyncServlet;
import dev.pressure.servlet.support.Deployment;
import dev.pressure.servlet.support.Http;
import dev.pressure.servlet.support.JettyContainer;
import dev.pressure.servlet.support.ServletContainer;
import dev.pressure.servlet.support.TomcatContainer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shutdown timeline on Jetty and Tomcat: readiness fails at once while work is still served
 * for the delay, then new work gets 503 {@code draining}, in-flight work finishes within the
 * grace, and what is still open at grace expiry is answered 503 + {@code Retry-After}.
 */
class GracefulShutdownTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final Http http = new Http();
  private ServletContainer container;
  private Deployment deployment;
  private PressureMonitor monitor;

  static Stream<Arguments> containers() {
    return Stream.of(
        Arguments.of("jetty", (Supplier<ServletContainer>) JettyContainer::new),
        Arguments.of("tomcat", (Supplier<ServletContainer>) TomcatContainer::new));
  }

  @AfterEach
  void stop() throws Exception {
    AsyncServlet.release();
    if (deployment != null) {
      deployment.close();
    }
    if (container != null) {
      container.close();
    }
    if (monitor != null) {
      monitor.close();
    }
    AsyncServlet.reset();
    http.close();
  }

  private UnderPressureFilter deploy(Supplier<ServletContainer> containers) throws Exception {
    container = containers.get();
    container.start();
    monitor = PressureMonitor.builder().build();
    UnderPressureFilter f = UnderPressureFilter.builder(monitor)
        .retryAfter(Duration.ofSeconds(3))
        .message("Busy, try \"later\" \\ please")
        .excludePaths("/health/*", "/status")
        .build();
    deployment = container.deploy(app(filter(f)));
    assertThat(deployment.failure()).as("start-up failure").isNull();
    return f;
  }

  private HttpResponse<String> get(String path) {
    return http.get(deployment.uri(path));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void readinessFailsAtOnceWorkIsServedForTheDelayThenRefusedAndInFlightWorkFinishes(
      String name, Supplier<ServletContainer> containers) throws Exception {
    UnderPressureFilter f = deploy(containers);
    CompletableFuture<HttpResponse<String>> inFlight = http.getAsync(deployment.uri("/async?latch=true"));
    await().atMost(PATIENCE).until(() -> f.inFlight() == 1);

    // The delay is a latch the test opens, so "during the delay" is a state, not a time.
    CountDownLatch inDelay = new CountDownLatch(1);
    CountDownLatch endDelay = new CountDownLatch(1);
    GracefulShutdown shutdown = GracefulShutdown.builder().delay(Duration.ofSeconds(5)).grace(PATIENCE)
        .pause(d -> {
          inDelay.countDown();
          endDelay.await();
        })
        .build();
    DrainSwitch drain = PressureServletContext.drainSwitch(deployment.servletContext());
    CompletableFuture<GracefulShutdown.Outcome> outcome = CompletableFuture.supplyAsync(() -> {
      try {
        return shutdown.run(drain, List.of(f));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(inDelay.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

    assertThat(get("/health/ready").statusCode()).isEqualTo(429);
    assertThat(get("/status").body()).contains("\"draining\":true");
    HttpResponse<String> served = get("/hello");
    assertThat(served.statusCode()).as("served during the delay").isEqualTo(200);
    assertThat(monitor.shedCounts().getOrDefault(DrainSwitch.TYPE, 0L)).isZero();

    endDelay.countDown();
    await().atMost(PATIENCE).until(drain::refusesNewWork);
    HttpResponse<String> refused = get("/hello");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(refused.body()).isEqualTo(shedBody("draining"));
    assertThat(outcome).isNotDone(); // the in-flight request holds the drain

    AsyncServlet.release();
    assertThat(inFlight.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).body()).isEqualTo("done");
    assertThat(outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
        .isEqualTo(new GracefulShutdown.Outcome(true, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void atGraceExpiryWhatIsStillOpenIsAnswered503WithRetryAfter(String name, Supplier<ServletContainer> containers)
      throws Exception {
    UnderPressureFilter f = deploy(containers);
    CompletableFuture<HttpResponse<String>> stuck = http.getAsync(deployment.uri("/async?latch=true"));
    await().atMost(PATIENCE).until(() -> f.inFlight() == 1);

    GracefulShutdown.Outcome outcome = GracefulShutdown.builder().grace(Duration.ofMillis(200)).build()
        .run(PressureServletContext.drainSwitch(deployment.servletContext()), List.of(f));

    assertThat(outcome).isEqualTo(new GracefulShutdown.Outcome(false, 1));
    HttpResponse<String> answer = stuck.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.headers().firstValue("Retry-After")).hasValue("3");
    assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/json"));
    assertThat(answer.body()).isEqualTo(shedBody("draining"));
    await().atMost(PATIENCE).until(() -> f.inFlight() == 0);
    assertThat(monitor.shedCounts().get(DrainSwitch.TYPE)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("containers")
  void awaitIdleTimesOutWhileARequestRunsAndReturnsWhenTheLastOneEnds(String name,
      Supplier<ServletContainer> containers) throws Exception {
    UnderPressureFilter f = deploy(containers);
    assertThat(f.awaitIdle(Duration.ZERO)).isTrue();
    CompletableFuture<HttpResponse<String>> running = http.getAsync(deployment.uri("/async?latch=true"));
    await().atMost(PATIENCE).until(() -> f.inFlight() == 1);
    assertThat(f.awaitIdle(Duration.ofMillis(50))).isFalse();

    CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
      try {
        return f.awaitIdle(PATIENCE);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    AsyncServlet.release();
    assertThat(idle.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(running.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void badSettingsAreRefusedWithTheDocumentedMessage() {
    assertThatThrownBy(() -> GracefulShutdown.builder().delay(Duration.ofMillis(-1)))
        .hasMessage("delay: a duration from 0 to 1 h. Found: -1ms");
    assertThatThrownBy(() -> GracefulShutdown.builder().grace(Duration.ofHours(2)))
        .hasMessage("grace: a duration from 0 to 1 h. Found: 7200s");
    assertThatThrownBy(() -> GracefulShutdown.builder().grace(null))
        .hasMessage("grace: a duration from 0 to 1 h. Found: null");
    GracefulShutdown defaults = GracefulShutdown.builder().build();
    assertThat(defaults.delay()).isEqualTo(GracefulShutdown.DEFAULT_DELAY).isZero();
    assertThat(defaults.grace()).isEqualTo(GracefulShutdown.DEFAULT_GRACE);
  }

  @Test
  void failReadinessThenDrainMovesForwardOnly() {
    DrainSwitch s = new DrainSwitch();
    assertThat(s.isDraining()).isFalse();
    s.failReadiness();
    assertThat(s.isDraining()).isTrue();
    assertThat(s.refusesNewWork()).isFalse();
    s.drain();
    s.failReadiness();
    assertThat(s.refusesNewWork()).isTrue();
    assertThat(s.isDraining()).isTrue();
  }
}
