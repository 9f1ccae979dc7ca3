package dev.pressure.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.Thresholds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "done when": a servlet app with the collector and simpleclient's
 * {@code MetricsServlet} (Jetty 12 ee10, port 0) serves a scrape that promtool accepts and that
 * has {@code http_request_duration_seconds{quantile="0.999"}}.
 */
class MetricsEndpointTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private PressureMonitor monitor;
  private Server server;
  private URI metrics;

  @BeforeEach
  void start() throws Exception {
    monitor = PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(10))
        .maxLatency(Duration.ofMillis(800))
        .signal("queue_ratio", () -> 3)
        .tier("readiness", Thresholds.builder().maxLatency(Duration.ofMillis(400)).maxSignal("queue_ratio", 2).build())
        .build();
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    MetricsEndpointExample.mount(server, monitor);
    server.start();
    metrics = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/metrics");
    // Before the first sample nothing measured is exported (not even the custom signal).
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> monitor.snapshot().sampled());
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
    monitor.close();
  }

  @Test
  void theArticlesAdapterSeriesIsServedAndPromtoolAcceptsTheScrape() throws Exception {
    // The articles' /slow answers after 200 ms.
    for (int i = 0; i < 100; i++) {
      monitor.recordLatency(200_000_000L);
    }
    long after = monitor.snapshot().sequence();
    await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().sequence() > after);

    HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
    String body = response.body();
    assertThat(body).contains("http_request_duration_seconds{quantile=\"0.999\",}");
    Exposition e = Exposition.parse(body);
    assertThat(e.get("http_request_duration_seconds", "quantile", "0.999")).isCloseTo(0.2, within(0.002));
    assertThat(e.get("http_request_duration_seconds_count")).isEqualTo(100.0);
    assertThat(e.get("queue_ratio")).isEqualTo(3.0);
    assertThat(e.get("pressure_under_pressure", "tier", "readiness", "type", "queue_ratio")).isEqualTo(1.0);

    Promtool.Result lint = Promtool.checkMetrics(body);
    assertThat(lint.exitCode()).as("promtool output:\n%s", lint.output()).isZero();
    assertThat(lint.output()).isBlank();
  }

  @Test
  void prometheusServersAskingForOpenMetricsGetUnitsAndTheSameSeries() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics)
            .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8,text/plain;q=0.5")
            .GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/openmetrics-text"));
    String body = response.body();
    assertThat(body).endsWith("# EOF\n")
        .contains("# UNIT http_request_duration_seconds seconds\n")
        .contains("# UNIT pressure_rss_bytes bytes\n")
        .contains("# UNIT pressure_cpu_utilization_ratio ratio\n")
        .contains("# TYPE pressure_shed_requests counter\n");
    Exposition e = Exposition.parse(body);
    assertThat(e.value("http_request_duration_seconds", "quantile", "0.999")).isPresent();
    assertThat(e.samples("pressure_shed_requests_total")).isNotEmpty();
  }

  @Test
  void aNameFilteredScrapeReturnsOnlyThatSeries() throws Exception {
    URI filtered = URI.create(metrics + "?name[]=http_request_duration_seconds&name[]=queue_ratio");

    HttpResponse<String> response = http.send(HttpRequest.newBuilder(filtered).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    Exposition e = Exposition.parse(response.body());
    assertThat(e.samples).extracting(Exposition.Sample::name)
        .containsOnly("http_request_duration_seconds", "queue_ratio")
        .contains("queue_ratio");
  }
}
