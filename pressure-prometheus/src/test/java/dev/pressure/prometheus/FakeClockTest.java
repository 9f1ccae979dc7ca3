package dev.pressure.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.PressureMonitor;
import dev.pressure.StalePolicy;
import dev.pressure.Thresholds;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With an injected clock and a one-hour sample interval nothing is sampled during the test, so
 * the export of the snapshot published at start, snapshot age and staleness are exact.
 */
class FakeClockTest {

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final PressureMonitor monitor = PressureMonitor.builder()
      .clock(clock::get)
      .sampleInterval(Duration.ofHours(1))
      .staleAfter(Duration.ofHours(2))
      .stalePolicy(StalePolicy.FAIL_CLOSED)
      .maxLatency(Duration.ofMillis(800))
      .reportedQuantiles(0.5, 0.75)
      .latencyQuantile(0.999)
      .tier("readiness", Thresholds.builder().healthCheck(false).maxLatency(Duration.ofMillis(400)).build())
      .build();
  private final CollectorRegistry registry = new CollectorRegistry();

  @AfterEach
  void close() {
    monitor.close();
  }

  @Test
  void beforeTheFirstSampleNothingMeasuredIsExportedAsZero() {
    PressureCollector.builder(monitor).build().register(registry);
    monitor.recordLatency(TimeUnit.SECONDS.toNanos(3), clock.get()); // not sampled yet

    Exposition e = Exposition.scrape(registry);

    assertThat(e.samples("http_request_duration_seconds")).as("no quantile is computed yet").isEmpty();
    assertThat(e.value("pressure_heap_used_bytes")).isEmpty();
    assertThat(e.value("pressure_scheduling_lag_seconds")).isEmpty();
    assertThat(e.value("pressure_health_check_healthy")).isEmpty();
    assertThat(e.get("http_request_duration_seconds_count")).isZero();
    assertThat(e.get("http_request_duration_seconds_sum")).isZero();
    assertThat(e.get("pressure_snapshot_age_seconds")).isZero();
  }

  @Test
  void snapshotAgeAndStalenessFollowTheMonitorClock() {
    PressureCollector.builder(monitor).build().register(registry);

    Exposition fresh = Exposition.scrape(registry);
    assertThat(fresh.get("pressure_under_pressure", "tier", "default", "type", "stale")).isZero();
    assertThat(fresh.get("pressure_under_pressure", "tier", "readiness", "type", "stale")).isZero();

    clock.addAndGet(TimeUnit.HOURS.toNanos(3));
    Exposition stale = Exposition.scrape(registry);

    assertThat(stale.get("pressure_snapshot_age_seconds")).isEqualTo(10_800.0);
    assertThat(stale.get("pressure_under_pressure", "tier", "default", "type", "stale")).isEqualTo(1.0);
    assertThat(stale.get("pressure_under_pressure", "tier", "default", "type", "latency")).isZero();
    assertThat(stale.get("pressure_under_pressure", "tier", "readiness", "type", "stale")).isEqualTo(1.0);
  }

  @Test
  void eachTierExportsExactlyTheTypesItCanReport() {
    PressureCollector.builder(monitor).build().register(registry);

    Exposition e = Exposition.scrape(registry);

    assertThat(e.samples("pressure_under_pressure"))
        .extracting(s -> s.labels().get("tier") + "/" + s.labels().get("type"))
        .containsExactly("default/healthCheck", "default/latency", "default/stale",
            "readiness/latency", "readiness/stale");
  }

  @Test
  void theLatencySummaryNameIsConfigurable() {
    PressureCollector.builder(monitor).latencyMetricName("checkout_duration_seconds").build().register(registry);

    Exposition e = Exposition.scrape(registry);

    assertThat(e.type).containsEntry("checkout_duration_seconds", "summary")
        .doesNotContainKey("http_request_duration_seconds");
    assertThat(e.value("checkout_duration_seconds", "quantile", "0.999")).as("not sampled yet").isEmpty();
    assertThat(e.value("checkout_duration_seconds_count")).contains(0.0);
  }
}
