package dev.pressure.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The "done when", properties only: forced heap pressure sheds with 503 + Retry-After +
 * JSON; the readiness group follows the readiness tier; the Actuator is never shed and
 * /actuator/prometheus has the pressure_ series, promtool clean. Runs on Tomcat and on Jetty.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = TestApp.class, properties = {
    "pressure.max-heap-used-bytes=1",
    "pressure.sample-interval=50ms",
    "pressure.tiers.readiness.max-signals.test_load=1",
    "pressure.tiers.readiness.health-check=false",
    "management.endpoints.web.exposure.include=health,prometheus",
    "management.endpoint.health.show-details=always"})
class SheddingHttpTest {

  @LocalServerPort
  int port;

  @Autowired
  PressureMonitor monitor;

  @Autowired
  ApplicationContext context;

  @AfterEach
  void resetLoad() {
    TestApp.LOAD.set(0);
  }

  @Test
  void forcedPressureShedsWith503RetryAfterAndTheJsonBody() throws Exception {
    Containers.assertExpected(context);
    await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(port, "/work").statusCode() == 503);
    HttpResponse<String> r = Http.get(port, "/work");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.body()).contains("\"code\":\"UNDER_PRESSURE\"", "\"statusCode\":503", "\"type\":\"heapUsedBytes\"",
        "\"message\":\"Service Unavailable\"");
  }

  @Test
  void readinessIsOutOfServiceWhileTheReadinessTierTripsAndUpAfter() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> Http.get(port, "/actuator/health/readiness").statusCode() == 200);
    TestApp.LOAD.set(5);
    HttpResponse<String> down = Http.get(port, "/actuator/health/readiness");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"status\":\"OUT_OF_SERVICE\"", "\"type\":\"test_load\"", "\"tier\":\"readiness\"");
    assertThat(Http.get(port, "/actuator/health/liveness").statusCode()).as("liveness is not readiness").isEqualTo(200);
    TestApp.LOAD.set(0);
    assertThat(Http.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void actuatorIsNeverShedAndPrometheusShowsThePressureSeries() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> monitor.defaultTier().isUnderPressure());
    HttpResponse<String> health = Http.get(port, "/actuator/health/liveness");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).doesNotContain("UNDER_PRESSURE");

    HttpResponse<String> scrape = Http.get(port, "/actuator/prometheus");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains(
        "pressure_under_pressure{tier=\"default\",type=\"heapUsedBytes\"} 1",
        "pressure_heap_used_bytes ",
        "pressure_shed_requests_total{type=\"heapUsedBytes\"}",
        "pressure_latency_percentile_seconds{phi=\"0.999\"}",
        "pressure_latency_seconds_count");
    // Spring's own meters (http_server_requests without help, jvm_*_ms) fail promtool's lint; the pressure ones pass.
    Promtool.check(pressureFamilies(scrape.body()));
  }

  /** The lines of the families whose name starts with pressure_ (HELP, TYPE and samples). */
  private static String pressureFamilies(String scrape) {
    StringBuilder out = new StringBuilder();
    for (String line : scrape.split("\n")) {
      String name = line.startsWith("# ") ? line.split(" ", 4)[2] : line;
      if (name.startsWith("pressure_")) {
        out.append(line).append('\n');
      }
    }
    assertThat(out.toString()).contains("# TYPE pressure_shed_requests_total counter");
    return out.toString();
  }
}
