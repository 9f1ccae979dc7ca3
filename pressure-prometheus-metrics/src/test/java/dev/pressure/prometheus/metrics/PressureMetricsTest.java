package dev.pressure.prometheus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import dev.pressure.Thresholds;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** client_java 1.x: the families of pressure-prometheus, values from one snapshot, served by the jakarta exporter, promtool clean. */
class PressureMetricsTest {

  private final AtomicLong inflight = new AtomicLong();
  private PressureMonitor monitor;
  private PrometheusRegistry registry;

  @BeforeEach
  void start() {
    monitor = PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(20))
        .maxHeapUsedBytes(1) // the default tier is under pressure from the first sample on
        .signal("queue_ratio", () -> 1.5)
        .liveSignal("inflight", inflight::get)
        .tier("readiness", Thresholds.builder()
            .healthCheck(false)
            .maxLatency(Duration.ofSeconds(2)) // above the p99.9 of the 1..1000 ms recorded below
            .maxSignal("inflight", 2)
            .build())
        .build();
    registry = new PrometheusRegistry();
    PressureMetrics.builder(monitor).build().register(registry);
  }

  @AfterEach
  void stop() {
    monitor.close();
  }

  @Test
  void everyFamilyMatchesTheSnapshotItCameFrom() throws Exception {
    for (int ms = 1; ms <= 1000; ms++) {
      monitor.recordLatency(ms * 1_000_000L, monitor.nanoTime());
    }
    for (int i = 0; i < 3; i++) {
      monitor.recordShed(PressureType.LATENCY);
    }
    long after = monitor.nanoTime();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> monitor.snapshot().timestampNanos() > after && monitor.snapshot().latency().totalCount() == 1000);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      PressureSnapshot s = monitor.snapshot();
      Scrape scrape = new Scrape(text(registry));
      assertThat(monitor.snapshot().sequence()).as("no sample during the scrape").isEqualTo(s.sequence());

      for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
        assertThat(scrape.get("http_request_duration_seconds", "quantile", Double.toString(q)))
            .as("p" + q).isEqualTo(s.latency().quantileNanos(q) / 1e9);
      }
      assertThat(scrape.get("http_request_duration_seconds_count")).isEqualTo(1000.0);
      assertThat(scrape.get("http_request_duration_seconds_sum")).isEqualTo(s.latency().totalSumNanos() / 1e9);
      assertThat(scrape.get("pressure_heap_used_bytes")).isEqualTo((double) s.heapUsedBytes());
      assertThat(scrape.get("pressure_scheduling_lag_seconds")).isEqualTo(s.eventLoopDelayMillis() / 1e3);
      assertThat(scrape.get("pressure_under_pressure", "tier", "default", "type", "heapUsedBytes")).isEqualTo(1.0);
      assertThat(scrape.get("pressure_under_pressure", "tier", "readiness", "type", "latency")).isEqualTo(0.0);
      assertThat(scrape.get("pressure_shed_requests_total", "type", "latency")).isEqualTo(3.0);
      assertThat(scrape.get("pressure_shed_requests_total", "type", "heapUsedBytes")).isEqualTo(0.0);
      assertThat(scrape.get("pressure_signal_failed", "signal", "queue_ratio")).isEqualTo(0.0);
      assertThat(scrape.get("pressure_health_check_healthy")).isEqualTo(1.0);
      assertThat(scrape.get("queue_ratio")).isEqualTo(1.5);
      assertThat(scrape.text).contains("# TYPE http_request_duration_seconds summary",
          "# TYPE pressure_shed_requests_total counter", "# TYPE pressure_under_pressure gauge");
      Promtool.check(scrape.text);
    });
  }

  @Test
  void liveSignalsAreReadAtScrapeTime() throws Exception {
    inflight.set(5);
    Scrape scrape = new Scrape(text(registry));
    assertThat(scrape.get("pressure_under_pressure", "tier", "readiness", "type", "inflight")).isEqualTo(1.0);
    assertThat(scrape.get("inflight")).isEqualTo(5.0);
  }

  @Test
  void theJakartaServletExporterServesItOnJetty() throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new PrometheusMetricsServlet(registry)), "/metrics");
    server.setHandler(context);
    server.start();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(new Scrape(r.body()).get("http_request_duration_seconds", "quantile", "0.999")).isNotNull();
      Promtool.check(r.body());
    } finally {
      server.stop();
    }
  }

  @Test
  void aNameClashOrABadLatencyNameIsRefusedNamingIt() {
    assertThatThrownBy(() -> PressureMetrics.builder(monitor).latencyMetricName("bad name"))
        .hasMessage("latencyMetricName: a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*. Found: \"bad name\"");
    try (PressureMonitor clash = PressureMonitor.builder().signal("pressure_rss_bytes", () -> 1).build()) {
      assertThatThrownBy(() -> PressureMetrics.builder(clash).build()).hasMessageContaining("pressure_rss_bytes");
    }
  }

  private static String text(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
