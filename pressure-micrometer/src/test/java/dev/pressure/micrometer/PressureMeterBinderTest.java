package dev.pressure.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import dev.pressure.Thresholds;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The binder's meters through Micrometer's Prometheus registry: names, tags, values from the snapshot, promtool. */
class PressureMeterBinderTest {

  private final AtomicLong inflight = new AtomicLong();
  private PressureMonitor monitor;
  private PrometheusMeterRegistry registry;

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
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new PressureMeterBinder(monitor).bindTo(registry);
  }

  @AfterEach
  void stop() {
    registry.close();
    monitor.close();
  }

  @Test
  void scrapeHasTheFamiliesOfPressurePrometheusAndTheSnapshotsValues() throws Exception {
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
      Scrape scrape = new Scrape(registry.scrape());
      assertThat(monitor.snapshot().sequence()).as("no sample during the scrape").isEqualTo(s.sequence());

      assertThat(scrape.get("pressure_heap_used_bytes")).isEqualTo((double) s.heapUsedBytes());
      assertThat(scrape.get("pressure_scheduling_lag_seconds")).isEqualTo(s.eventLoopDelayMillis() / 1e3);
      assertThat(scrape.get("pressure_under_pressure", "tier", "default", "type", "heapUsedBytes")).isEqualTo(1.0);
      assertThat(scrape.get("pressure_under_pressure", "tier", "readiness", "type", "latency")).isEqualTo(0.0);
      assertThat(scrape.get("pressure_under_pressure", "tier", "readiness", "type", "inflight")).isEqualTo(0.0);
      assertThat(scrape.get("pressure_shed_requests_total", "type", "latency")).isEqualTo(3.0);
      assertThat(scrape.get("pressure_shed_requests_total", "type", "heapUsedBytes")).isEqualTo(0.0);
      assertThat(scrape.get("pressure_signal_failed", "signal", "heapUsedBytes")).isEqualTo(0.0);
      assertThat(scrape.get("pressure_health_check_healthy")).isEqualTo(1.0);
      assertThat(scrape.get("pressure_liveness_check_alive")).isEqualTo(1.0);
      assertThat(scrape.get("queue_ratio")).isEqualTo(1.5);
      for (double q : monitor.reportedQuantiles()) {
        assertThat(scrape.get("pressure_latency_percentile_seconds", "phi", PressureMeterBinder.quantileLabel(q)))
            .as("p" + q).isEqualTo(s.latency().quantileNanos(q) / 1e9);
      }
      assertThat(scrape.get("pressure_latency_seconds_count")).isEqualTo(1000.0);
      assertThat(scrape.get("pressure_latency_seconds_sum"))
          .isEqualTo(s.latency().totalSumNanos() / 1e9);
      assertThat(scrape.get("pressure_snapshot_age_seconds")).isNotNull().isGreaterThanOrEqualTo(0.0);
      assertThat(scrape.get("pressure_cpu_utilization_ratio")).isNotNull();
      Promtool.check(scrape.text);
    });
  }

  @Test
  void liveSignalsAndTierVerdictsAreJudgedAtPollTime() {
    inflight.set(5);
    Scrape scrape = new Scrape(registry.scrape());
    assertThat(scrape.get("pressure_under_pressure", "tier", "readiness", "type", "inflight")).isEqualTo(1.0);
    assertThat(scrape.get("inflight")).isEqualTo(5.0);
    inflight.set(0);
    scrape = new Scrape(registry.scrape());
    assertThat(scrape.get("pressure_under_pressure", "tier", "readiness", "type", "inflight")).isEqualTo(0.0);
  }

  @Test
  void tagsGoOnEveryMeterSoTwoMonitorsShareARegistry() {
    SimpleMeterRegistry simple = new SimpleMeterRegistry();
    try (PressureMonitor other = PressureMonitor.builder().build()) {
      new PressureMeterBinder(monitor, Tags.of("app", "a")).bindTo(simple);
      new PressureMeterBinder(other, Tags.of("app", "b")).bindTo(simple);
      assertThat(simple.find(PressureMeterBinder.HEAP_USED).gauges()).hasSize(2);
      assertThat(simple.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("app")).isIn("a", "b"));
      assertThat(quantileLabels()).containsExactly("0.5", "0.9", "0.99", "0.999");
    }
  }

  private java.util.List<String> quantileLabels() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (double q : monitor.reportedQuantiles()) {
      out.add(PressureMeterBinder.quantileLabel(q));
    }
    return out;
  }
}
