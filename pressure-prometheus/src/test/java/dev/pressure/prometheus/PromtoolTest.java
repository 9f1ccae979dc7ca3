package dev.pressure.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import dev.pressure.StalePolicy;
import dev.pressure.Thresholds;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** promtool accepts a real scrape with every kind of series present, lint included. */
class PromtoolTest {

  @Test
  void promtoolAcceptsAScrapeWithEveryKindOfSeries() throws Exception {
    try (PressureMonitor monitor = PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(10))
        .maxEventLoopDelay(Duration.ofSeconds(1))
        .maxEventLoopUtilization(0.99)
        .maxHeapUsedBytes(1)
        .maxRssBytes(1L << 40)
        .maxLatency(Duration.ofMillis(800))
        .signal("queue_ratio", () -> 0.5)
        .maxSignal("queue_ratio", 4)
        .liveSignal("inflight_requests", () -> 3)
        .healthCheck(() -> true, Duration.ofMillis(10))
        .stalePolicy(StalePolicy.FAIL_CLOSED)
        .tier("readiness", Thresholds.builder().maxLatency(Duration.ofMillis(400)).maxSignal("queue_ratio", 2).build())
        .tier("scale-out", Thresholds.builder().maxSignal("inflight_requests", 1).build())
        .build()) {
      CollectorRegistry registry = new CollectorRegistry();
      PressureCollector.builder(monitor).build().register(registry);
      monitor.recordLatency(200_000_000L);
      monitor.recordShed(PressureType.HEAP_USED_BYTES);
      long after = monitor.snapshot().sequence();
      await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().sequence() > after);

      String text = Exposition.text(registry);
      Promtool.Result result = Promtool.checkMetrics(text);

      assertThat(result.exitCode()).as("promtool exit code; output:\n%s\nscrape:\n%s", result.output(), text).isZero();
      assertThat(result.output()).as("promtool lint output for\n%s", text).isBlank();
      assertThat(text).contains("http_request_duration_seconds{quantile=\"0.999\",}");
    }
  }

  @Test
  void promtoolReportsLintProblemsSoTheCheckAboveIsNotVacuous() throws Exception {
    Promtool.Result result = Promtool.checkMetrics(
        "# HELP request_time_milliseconds Bad.\n# TYPE request_time_milliseconds counter\nrequest_time_milliseconds 1\n");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("_total").contains("base unit");
  }
}
