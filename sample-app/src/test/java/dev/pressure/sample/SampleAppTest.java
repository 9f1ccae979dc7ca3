package dev.pressure.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sample started in-process on port 0, driven by a real HTTP client. */
class SampleAppTest {

  private SampleApp app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private Http start(Map<String, String> overrides) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PORT", "0");
    env.put("HOST", "127.0.0.1");
    env.put("SAMPLE_INTERVAL_MS", "20");
    env.putAll(overrides);
    app = SampleApp.start(SampleConfig.fromEnvironment(env));
    return new Http(app.port());
  }

  private static double queueRatio(Http http) {
    for (String line : http.get("/metrics").body().split("\n")) {
      if (line.startsWith("queue_ratio ")) {
        return Double.parseDouble(line.substring("queue_ratio ".length()).trim());
      }
    }
    throw new AssertionError("no queue_ratio in /metrics");
  }

  /**
   * The performance-sandbox table with CONCURRENCY=1: 3 clients are all served and the pod is
   * ready; the 4th fails readiness; the 5th is still admitted; one more gets 503.
   */
  @Test
  void reproducesThePerformanceSandboxTable() throws Exception {
    Http http = start(Map.of("CONCURRENCY", "1", "EXPENSIVE_OP_MS", "1500"));
    List<CompletableFuture<HttpResponse<String>>> clients = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      clients.add(http.getAsync("/expensive-op"));
    }
    // 1 executing, 2 waiting: queue_ratio 2 is not above 2x, so still ready.
    await().atMost(Duration.ofSeconds(10)).until(() -> app.queueWaiting() == 2);
    assertThat(queueRatio(http)).isEqualTo(2.0);
    assertThat(http.get("/readiness").statusCode()).isEqualTo(200);

    clients.add(http.getAsync("/expensive-op"));
    await().atMost(Duration.ofSeconds(10)).until(() -> app.queueWaiting() == 3);
    HttpResponse<String> notReady = http.get("/readiness");
    assertThat(notReady.statusCode()).isEqualTo(429);

    clients.add(http.getAsync("/expensive-op"));
    await().atMost(Duration.ofSeconds(10)).until(() -> app.queueWaiting() == 4);

    HttpResponse<String> extra = http.get("/expensive-op");
    assertThat(extra.statusCode()).isEqualTo(503);
    assertThat(extra.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(extra.body()).contains("\"code\":\"UNDER_PRESSURE\"").contains("\"statusCode\":503")
        .contains("\"type\":\"concurrentRequests\""); // refused by the library's gate

    for (CompletableFuture<HttpResponse<String>> client : clients) {
      HttpResponse<String> served = client.get();
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.body()).matches("\\{\"durationMs\": ?\\d+\\}");
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/readiness").statusCode() == 200);
  }

  /**
   * autocannon -c 5: five closed-loop clients, each sending its next request the moment it
   * reads an answer, are all served; a client must never find its own finished task still
   * counted as waiting.
   */
  @Test
  void fiveClosedLoopClientsAreAllServed() throws Exception {
    Http http = start(Map.of("CONCURRENCY", "1", "EXPENSIVE_OP_MS", "60"));
    List<CompletableFuture<List<Integer>>> clients = new ArrayList<>();
    for (int c = 0; c < 5; c++) {
      clients.add(CompletableFuture.supplyAsync(() -> {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          statuses.add(http.get("/expensive-op").statusCode());
        }
        return statuses;
      }));
    }
    for (CompletableFuture<List<Integer>> client : clients) {
      assertThat(client.get()).containsOnly(200);
    }
  }

  /** Six clients: the sixth cannot get a place in the queue and is shed. */
  @Test
  void sixthConcurrentClientIsShed() throws Exception {
    Http http = start(Map.of("CONCURRENCY", "1", "EXPENSIVE_OP_MS", "1500"));
    List<CompletableFuture<HttpResponse<String>>> admitted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      admitted.add(http.getAsync("/expensive-op"));
      int expectedWaiting = i;
      await().atMost(Duration.ofSeconds(10)).until(() -> app.queueWaiting() == expectedWaiting);
    }
    assertThat(http.get("/expensive-op").statusCode()).isEqualTo(503);
    for (CompletableFuture<HttpResponse<String>> client : admitted) {
      assertThat(client.get().statusCode()).isEqualTo(200);
    }
  }

  /**
   * /slow is shed while the window's p99.9 is over 4x REQUEST_DURATION_MS and served again
   * once the slow requests age out of the (shortened) window; readiness follows at 2x.
   */
  @Test
  void slowIsShedWhileTheWindowIsSlowAndServedAfterItAgesOut() throws Exception {
    Http http = start(Map.of(
        "DEMO_CONTROLS", "true",
        "LATENCY_MIN_SAMPLES", "1", // judge even one request, as the README walkthrough does
        "REQUEST_DURATION_MS", "20",
        "LATENCY_MAX_AGE_SECONDS", "1",
        "LATENCY_AGE_BUCKETS", "2"));
    assertThat(http.get("/slow").body()).isEqualTo("hello world");

    // One request at 10x the nominal latency puts the p99.9 over 4x (and over readiness' 2x).
    assertThat(http.get("/slow?delayMs=200").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> http.get("/slow").statusCode() == 503);
    HttpResponse<String> shed = http.get("/slow");
    assertThat(shed.headers().firstValue("Retry-After")).isPresent();
    assertThat(shed.body()).contains("\"type\":\"latency\"");
    assertThat(http.get("/readiness").statusCode()).isEqualTo(429);
    // Probes, status and metrics always answer.
    assertThat(http.get("/liveness").statusCode()).isEqualTo(200);
    assertThat(http.get("/status").statusCode()).isIn(200, 503);
    assertThat(http.get("/metrics").statusCode()).isEqualTo(200);

    // Shed requests are not recorded, so the slow one ages out and the circuit closes.
    await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/slow").statusCode() == 200);
    await().atMost(Duration.ofSeconds(15)).until(() -> http.get("/readiness").statusCode() == 200);
  }

  @Test
  void delayMsIsRefusedWithoutDemoControls() throws Exception {
    Http http = start(Map.of("REQUEST_DURATION_MS", "5"));
    assertThat(http.get("/slow?delayMs=900").statusCode()).isEqualTo(400);
    assertThat(http.get("/slow").statusCode()).isEqualTo(200);
  }

  @Test
  void oneSlowRequestAtLowTrafficNeitherShedsNorFailsReadiness() throws Exception {
    Http http = start(Map.of("DEMO_CONTROLS", "true", "REQUEST_DURATION_MS", "20"));
    for (int i = 0; i < 10; i++) {
      assertThat(http.get("/slow").statusCode()).isEqualTo(200);
    }
    assertThat(http.get("/slow?delayMs=400").statusCode()).isEqualTo(200); // 20x nominal
    long sequence = app.monitor().snapshot().sequence();
    await().atMost(Duration.ofSeconds(10)).until(() -> app.monitor().snapshot().sequence() > sequence + 1);
    assertThat(app.monitor().snapshot().latency().windowCount()).isEqualTo(11);
    assertThat(http.get("/slow").statusCode()).as("11 samples cannot judge a p99.9").isEqualTo(200);
    assertThat(http.get("/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void managementPortServesStatusAndMetricsAndTheApplicationPortDoesNot() throws Exception {
    Http http = start(Map.of("MANAGEMENT_PORT", "0", "REQUEST_DURATION_MS", "5"));
    Http management = new Http(app.managementPort());
    assertThat(app.managementPort()).isPositive().isNotEqualTo(app.port());
    assertThat(http.get("/status").statusCode()).isEqualTo(404);
    assertThat(http.get("/metrics").statusCode()).isEqualTo(404);
    assertThat(management.get("/status").statusCode()).isEqualTo(200);
    assertThat(management.get("/metrics").body()).contains("queue_ratio");
    assertThat(management.get("/slow").statusCode()).as("the application is not on the management port").isEqualTo(404);
    for (Http h : new Http[] {http, management}) {
      assertThat(h.get("/readiness").statusCode()).isEqualTo(200);
      assertThat(h.get("/liveness").statusCode()).isEqualTo(200);
    }
    assertThat(http.get("/slow").body()).isEqualTo("hello world");
  }

  @Test
  void metricsExposeLatencyQueueRatioPressureAndJvm() throws Exception {
    Http http = start(Map.of("REQUEST_DURATION_MS", "5"));
    assertThat(http.get("/slow").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(
        () -> http.get("/metrics").body().contains("http_request_duration_seconds_count 1.0"));
    String metrics = http.get("/metrics").body();
    assertThat(metrics)
        .contains("# TYPE http_request_duration_seconds summary")
        .contains("http_request_duration_seconds{quantile=\"0.999\",}")
        .contains("# TYPE queue_ratio gauge")
        .contains("queue_ratio 0.0")
        .contains("pressure_under_pressure{tier=\"readiness\"")
        .contains("pressure_shed_requests_total")
        .contains("jvm_memory_bytes_used")
        .contains("process_cpu_seconds_total");
  }

  @Test
  void livenessAndStatusAnswer() throws Exception {
    Http http = start(Map.of());
    HttpResponse<String> liveness = http.get("/liveness");
    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(liveness.body()).isEqualTo("OK");
    assertThat(http.get("/readiness").body()).isEqualTo("OK");
    HttpResponse<String> status = http.get("/status");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
  }
}
