package dev.pressure.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.pressure.LatencySnapshot;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import dev.pressure.Thresholds;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Controlled input in, text exposition out: names, types, help, labels and values match the snapshot. */
class ScrapeContentTest {

  private final AtomicLong inflight = new AtomicLong();
  private PressureMonitor monitor;
  private CollectorRegistry registry;

  @BeforeEach
  void start() {
    monitor = PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(10))
        .maxHeapUsedBytes(1) // the default tier is under pressure from the first sample on
        .signal("queue_ratio", () -> 1.5)
        .liveSignal("inflight", inflight::get)
        .signal("broken", () -> {
          throw new IllegalStateException("boom");
        })
        .healthCheck(() -> false, Duration.ofMillis(10))
        .tier("readiness", Thresholds.builder()
            .healthCheck(false)
            .maxLatency(Duration.ofMillis(400))
            .maxSignal("inflight", 2)
            .build())
        .build();
    registry = new CollectorRegistry();
    PressureCollector.builder(monitor).build().register(registry);
  }

  @AfterEach
  void stop() {
    monitor.close();
  }

  @Test
  void everyMetricMatchesTheSnapshotItCameFrom() {
    for (int ms = 1; ms <= 1000; ms++) {
      monitor.recordLatency(ms * 1_000_000L);
    }
    for (int i = 0; i < 3; i++) {
      monitor.recordShed(PressureType.LATENCY);
    }
    monitor.recordShed(PressureType.signal("queue_ratio"));
    awaitSampleAfterNow();

    // Scrape until no sample lands between the two snapshot reads, then compare exactly.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      PressureSnapshot s = monitor.snapshot();
      long t0 = monitor.nanoTime();
      Exposition e = Exposition.scrape(registry);
      long t1 = monitor.nanoTime();
      assertThat(monitor.snapshot().sequence()).isEqualTo(s.sequence());

      LatencySnapshot latency = s.latency();
      assertThat(latency.totalCount()).isEqualTo(1000);
      for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
        assertThat(e.get("http_request_duration_seconds", "quantile", Double.toString(q)))
            .isEqualTo(latency.quantileNanos(q) / 1e9);
      }
      // The core's histogram is within 1% of the true quantile: p50 of 1..1000 ms is 500 ms.
      assertThat(e.get("http_request_duration_seconds", "quantile", "0.5")).isCloseTo(0.5, within(0.01));
      assertThat(e.get("http_request_duration_seconds_count")).isEqualTo(1000.0);
      assertThat(e.get("http_request_duration_seconds_sum")).isCloseTo(500.5, within(1e-9));

      assertThat(e.get("pressure_scheduling_lag_seconds")).isEqualTo(s.eventLoopDelayMillis() / 1e3);
      if (Double.isNaN(s.eventLoopUtilization())) {
        assertThat(e.value("pressure_cpu_utilization_ratio")).isEmpty();
      } else {
        assertThat(e.get("pressure_cpu_utilization_ratio")).isEqualTo(s.eventLoopUtilization()).isBetween(0.0, 1.0);
      }
      assertThat(e.get("pressure_heap_used_bytes")).isEqualTo((double) s.heapUsedBytes()).isPositive();
      if (s.heapAfterGcBytes() < 0) {
        assertThat(e.value("pressure_heap_after_gc_bytes")).isEmpty();
      } else {
        assertThat(e.get("pressure_heap_after_gc_bytes")).isEqualTo((double) s.heapAfterGcBytes());
      }
      assertThat(e.get("pressure_rss_bytes")).isEqualTo((double) s.rssBytes()).isPositive(); // Linux
      assertThat(e.get("pressure_health_check_healthy")).isEqualTo(0.0);
      assertThat(e.get("pressure_liveness_check_alive")).isEqualTo(1.0);
      assertThat(e.get("pressure_snapshot_age_seconds"))
          .isBetween((t0 - s.timestampNanos()) / 1e9, (t1 - s.timestampNanos()) / 1e9);

      // default tier: heap first in under-pressure's order, then the health check.
      assertThat(e.get("pressure_under_pressure", "tier", "default", "type", "heapUsedBytes")).isEqualTo(1.0);
      assertThat(e.get("pressure_under_pressure", "tier", "default", "type", "healthCheck")).isEqualTo(0.0);
      assertThat(e.get("pressure_under_pressure", "tier", "readiness", "type", "latency")).isEqualTo(1.0);
      assertThat(e.get("pressure_under_pressure", "tier", "readiness", "type", "inflight")).isEqualTo(0.0);
      assertThat(e.samples("pressure_under_pressure")).hasSize(4);

      Map<PressureType, Long> shed = monitor.shedCounts();
      assertThat(e.samples("pressure_shed_requests_total")).hasSize(shed.size());
      shed.forEach((type, count) ->
          assertThat(e.get("pressure_shed_requests_total", "type", type.name())).isEqualTo(count.doubleValue()));
      assertThat(e.get("pressure_shed_requests_total", "type", "latency")).isEqualTo(3.0);
      assertThat(e.get("pressure_shed_requests_total", "type", "queue_ratio")).isEqualTo(1.0);
      assertThat(e.get("pressure_shed_requests_total", "type", "heapUsedBytes")).isEqualTo(0.0);

      assertThat(e.get("pressure_signal_failed", "signal", "broken")).isEqualTo(1.0);
      assertThat(e.get("pressure_signal_failed", "signal", "queue_ratio")).isEqualTo(0.0);
      assertThat(e.get("pressure_signal_failed", "signal", "heapUsedBytes")).isEqualTo(0.0);
      assertThat(e.samples("pressure_signal_failed")).hasSize(7); // 4 built-ins + 3 signals

      assertThat(e.get("queue_ratio")).isEqualTo(1.5);
      assertThat(e.get("inflight")).isEqualTo(0.0);
      assertThat(e.value("broken")).as("a failed signal has no sample").isEmpty();
    });
  }

  @Test
  void typesAndHelpLinesFollowPrometheusConventions() {
    awaitSampleAfterNow();
    Exposition e = Exposition.scrape(registry);

    assertThat(e.type).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry("http_request_duration_seconds", "summary"),
        Map.entry("pressure_scheduling_lag_seconds", "gauge"),
        Map.entry("pressure_cpu_utilization_ratio", "gauge"),
        Map.entry("pressure_heap_used_bytes", "gauge"),
        Map.entry("pressure_heap_after_gc_bytes", "gauge"),
        Map.entry("pressure_rss_bytes", "gauge"),
        Map.entry("pressure_health_check_healthy", "gauge"),
        Map.entry("pressure_liveness_check_alive", "gauge"),
        Map.entry("pressure_under_pressure", "gauge"),
        Map.entry("pressure_shed_requests_total", "counter"),
        Map.entry("pressure_signal_failed", "gauge"),
        Map.entry("pressure_snapshot_age_seconds", "gauge"),
        Map.entry("queue_ratio", "gauge"),
        Map.entry("inflight", "gauge"),
        Map.entry("broken", "gauge")));
    assertThat(e.help.keySet()).isEqualTo(e.type.keySet());
    assertThat(e.help.values()).allSatisfy(help -> assertThat(help).hasSizeGreaterThan(20));
    assertThat(e.help.get("pressure_scheduling_lag_seconds")).contains("eventLoopDelay");
    assertThat(e.help.get("queue_ratio")).contains("queue_ratio");
    // Only these label names appear, with only the summary using "quantile".
    assertThat(e.samples).allSatisfy(s -> assertThat(s.labels().keySet()).isSubsetOf("quantile", "tier", "type", "signal"));
    assertThat(e.samples("http_request_duration_seconds")).extracting(s -> s.labels().get("quantile"))
        .containsExactly("0.5", "0.9", "0.99", "0.999");
  }

  @Test
  void liveSignalsAndTheirTierVerdictsAreReadAtScrapeTime() {
    awaitSampleAfterNow();
    inflight.set(5);
    Exposition busy = Exposition.scrape(registry);
    assertThat(busy.get("inflight")).isEqualTo(5.0);
    assertThat(busy.get("pressure_under_pressure", "tier", "readiness", "type", "inflight")).isEqualTo(1.0);

    inflight.set(1);
    Exposition calm = Exposition.scrape(registry);
    assertThat(calm.get("inflight")).isEqualTo(1.0);
    assertThat(calm.get("pressure_under_pressure", "tier", "readiness", "type", "inflight")).isEqualTo(0.0);
  }

  private void awaitSampleAfterNow() {
    long after = monitor.snapshot().sequence();
    await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().sequence() > after + 1);
  }
}
