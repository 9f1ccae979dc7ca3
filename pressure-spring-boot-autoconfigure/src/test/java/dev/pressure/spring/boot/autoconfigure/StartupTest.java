package dev.pressure.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pressure.admission.AdmissionGate;
import dev.pressure.servlet.PressureServletContext;
import dev.pressure.servlet.UnderPressureFilter;
import jakarta.servlet.ServletContext;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Start-up and shutdown: a bad property fails naming it; a request the admission gate queued
 * resumes through the filter; on close readiness goes first and in-flight work finishes.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {

  @Test
  void aBadPropertyFailsStartUpNamingIt(CapturedOutput output) throws Exception {
    SpringApplicationBuilder app = new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE)
        .properties("pressure.max-heap-used-bytes=-1");
    assertThatThrownBy(app::run).hasRootCauseInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> {
          InvalidPressurePropertyException cause = find(e);
          assertThat(cause.property()).isEqualTo("pressure.max-heap-used-bytes");
          assertThat(cause.getMessage()).startsWith("pressure.max-heap-used-bytes: ").contains(". Found: -1");
          FailureAnalysis analysis = new PressureFailureAnalyzer().analyze(e);
          assertThat(analysis.getDescription()).contains("pressure.max-heap-used-bytes: ");
          assertThat(analysis.getAction()).contains("pressure.max-heap-used-bytes");
        });
    assertThat(output.getOut() + output.getErr())
        .as("Spring Boot's failure report, through the registered analyzer")
        .contains("APPLICATION FAILED TO START", "Invalid pressure configuration. pressure.max-heap-used-bytes: ")
        .as("the report docs/spring-boot.md shows").contains(documentedReport());
  }

  private static String documentedReport() throws java.io.IOException {
    return java.nio.file.Files.readAllLines(SpringBootDocTest.GUIDE).stream()
        .filter(l -> l.startsWith("Invalid pressure configuration.")).findFirst().orElseThrow();
  }

  @Test
  void aTierLimitIsNamedWithItsTier() {
    SpringApplicationBuilder app = new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE)
        .properties("pressure.tiers.readiness.max-event-loop-utilization=2");
    assertThatThrownBy(app::run).satisfies(e -> assertThat(find(e).getMessage())
        .startsWith("pressure.tiers.readiness.max-event-loop-utilization: ").contains("Found: 2"));
  }

  @Test
  void aBadLatencyMinSamplesFailsNamingIt() {
    SpringApplicationBuilder app = new SpringApplicationBuilder(TestApp.class).web(WebApplicationType.NONE)
        .properties("pressure.latency-min-samples=0");
    assertThatThrownBy(app::run).satisfies(e -> assertThat(find(e).getMessage())
        .startsWith("pressure.latency-min-samples: ").contains("Found: 0"));
  }

  /** The gate's settings are checked when the filter is built, so these start a (failing) web server. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "pressure.max-concurrent-requests=-1 | pressure.max-concurrent-requests | -1",
      "pressure.queue-order=lifo | pressure.queue-order | lifo",
      "pressure.max-queued-requests=5 | pressure.max-queued-requests | 5", // without max-concurrent-requests
      "pressure.max-concurrent-requests=1,pressure.max-queue-time=10ms,pressure.codel-target=20ms | pressure.codel-target | 20ms",
      "pressure.deadline-header=X-Request-Timeout | pressure.deadline-header | \"x-request-timeout\""}) // needs the gate
  void aBadGateSettingFailsStartUpNamingIt(String properties, String property, String found) {
    SpringApplicationBuilder app = new SpringApplicationBuilder(TestApp.class)
        .properties("server.port=0", "server.address=127.0.0.1").properties(properties.split(","));
    assertThatThrownBy(app::run).satisfies(e -> {
      InvalidPressurePropertyException cause = find(e);
      assertThat(cause.property()).isEqualTo(property);
      assertThat(cause.getMessage()).startsWith(property + ": ").endsWith(". Found: " + found);
    });
  }

  @Test
  void aQueuedRequestResumesThroughTheFilter(CapturedOutput output) throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApp.class)
        .properties("server.port=0", "server.address=127.0.0.1", "pressure.max-concurrent-requests=1",
            "pressure.max-queued-requests=1", "pressure.max-queue-time=30s")
        .run();
    try (context) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      TestApp.Held held = context.getBean(TestApp.Held.class);
      AdmissionGate gate = context.getBean("pressureFilter", FilterRegistrationBean.class).getFilter() instanceof
          UnderPressureFilter f ? f.admissionGate() : null;
      assertThat(gate).isNotNull();
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      held.slowEntered.set(entered);
      held.slowRelease.set(release);
      try {
        CompletableFuture<HttpResponse<String>> first = Http.getAsync(port, "/slow");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<String>> queued = Http.getAsync(port, "/slow");
        await().atMost(Duration.ofSeconds(10)).until(() -> gate.queued() == 1);
        assertThat(Http.get(port, "/slow").body()).as("the queue is full").contains("\"type\":\"concurrentRequests\"");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        HttpResponse<String> resumed = queued.get(10, TimeUnit.SECONDS);
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(resumed.body()).isEqualTo("slow");
      } finally {
        release.countDown();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> gate.inFlight() == 0);
      assertThat(output.getOut() + output.getErr()).as("the ASYNC dispatch went through the filter")
          .doesNotContain("resumed without passing through UnderPressureFilter");
    }
  }

  @Test
  void theAnalyzerAndTheDefaultsAreRegisteredInSpringFactories() throws Exception {
    StringBuilder all = new StringBuilder();
    for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring.factories"))) {
      try (InputStream in = url.openStream()) {
        all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(all.toString()).contains(PressureFailureAnalyzer.class.getName(),
        dev.pressure.spring.boot.autoconfigure.internal.ProbeDefaults.class.getName());
  }

  @Test
  void onCloseReadinessGoesFirstAndWorkInFlightFinishes() throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApp.class)
        .properties("server.port=0", "server.address=127.0.0.1", "spring.lifecycle.timeout-per-shutdown-phase=20s")
        .run();
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    TestApp.Held held = context.getBean(TestApp.Held.class);
    held.deferred.set(null);
    var response = Http.getAsync(port, "/deferred");
    await().atMost(Duration.ofSeconds(10)).until(() -> held.deferred.get() != null);
    ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
    ServletContext servletContext = context.getBean(ServletContext.class);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
    assertThat(PressureServletContext.drainSwitch(servletContext).isDraining()).as("new work gets 503").isTrue();
    assertThat(closing).as("graceful shutdown waits for the request in flight").isNotDone();
    held.deferred.get().setResult("late");
    assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("late");
    closing.get(30, TimeUnit.SECONDS);
  }

  private static InvalidPressurePropertyException find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidPressurePropertyException p) {
        return p;
      }
    }
    throw new AssertionError("no InvalidPressurePropertyException in", e);
  }
}
