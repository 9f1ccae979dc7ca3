package dev.pressure.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pressure.servlet.PressureServletContext;
import jakarta.servlet.ServletContext;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Start-up and shutdown: a bad property fails naming it; on close readiness goes first and in-flight work finishes. */
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
