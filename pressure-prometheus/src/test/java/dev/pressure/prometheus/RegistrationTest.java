package dev.pressure.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pressure.PressureMonitor;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import io.prometheus.client.Summary;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registering twice, two monitors in one registry, and name clashes give clear errors. */
class RegistrationTest {

  private final PressureMonitor first = monitor();
  private final PressureMonitor second = monitor();
  private final CollectorRegistry registry = new CollectorRegistry();

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  @Test
  void registerReturnsTheCollectorAndItsMetricsAreScraped() {
    PressureCollector collector = PressureCollector.builder(first).build().register(registry);

    assertThat(collector.monitor()).isSameAs(first);
    assertThat(collector.latencyMetricName()).isEqualTo(PressureCollector.DEFAULT_LATENCY_METRIC_NAME)
        .isEqualTo("http_request_duration_seconds");
    assertThat(Exposition.scrape(registry).type).containsKeys("http_request_duration_seconds", "pressure_rss_bytes");
  }

  @Test
  void registeringTheSameCollectorTwiceNamesTheMetricAndSaysItIsTheSameCollector() {
    PressureCollector collector = PressureCollector.builder(first).build().register(registry);

    assertThatThrownBy(() -> collector.register(registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Metric http_request_duration_seconds is already registered in this "
            + "CollectorRegistry by this same " + collector)
        .hasMessageContaining("Register a collector once per registry")
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSecondMonitorInTheSameRegistryNamesTheCollectorThatOwnsTheName() {
    PressureCollector owner = PressureCollector.builder(first).build().register(registry);
    PressureCollector late = PressureCollector.builder(second).build();

    assertThatThrownBy(() -> late.register(registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Metric http_request_duration_seconds is already registered in this CollectorRegistry by "
            + owner + ", so " + late + " cannot register. The pressure_* names are fixed: export each "
            + "monitor through its own CollectorRegistry and scrape endpoint.");
    assertThat(owner.toString()).isNotEqualTo(late.toString()).contains("PressureMonitor@");
  }

  @Test
  void anotherLatencyNameStillClashesOnTheFixedPressureNames() {
    PressureCollector owner = PressureCollector.builder(first).build().register(registry);
    PressureCollector late = PressureCollector.builder(second).latencyMetricName("orders_duration_seconds").build();

    assertThatThrownBy(() -> late.register(registry))
        .hasMessageStartingWith("Metric pressure_scheduling_lag_seconds is already registered in this "
            + "CollectorRegistry by " + owner)
        .hasMessageContaining("own CollectorRegistry");
  }

  @Test
  void twoMonitorsInTwoRegistriesAreFine() {
    CollectorRegistry other = new CollectorRegistry();
    PressureCollector.builder(first).build().register(registry);
    PressureCollector.builder(second).build().register(other);

    assertThat(Exposition.scrape(registry).type).containsKey("pressure_under_pressure");
    assertThat(Exposition.scrape(other).type).containsKey("pressure_under_pressure");
  }

  @Test
  void anApplicationSummaryOfTheSameNameIsNamedWithItsType() {
    Summary.build("http_request_duration_seconds", "The application's own.").register(registry);
    PressureCollector late = PressureCollector.builder(first).build();

    assertThatThrownBy(() -> late.register(registry))
        .hasMessageStartingWith("Metric http_request_duration_seconds is already registered in this "
            + "CollectorRegistry by a collector that is not a pressure collector (")
        .hasMessageContaining("of type Summary")
        .hasMessageContaining("latencyMetricName(...)");
  }

  @Test
  void anApplicationGaugeWithAPressureNameGetsTheRegistryAdvice() {
    Gauge.build("pressure_rss_bytes", "Somebody else's.").register(registry);

    assertThatThrownBy(() -> PressureCollector.builder(first).build().register(registry))
        .hasMessageStartingWith("Metric pressure_rss_bytes is already registered")
        .hasMessageContaining("of type Gauge")
        .hasMessageContaining("own CollectorRegistry");
  }

  @Test
  void afterUnregisterTheSameCollectorRegistersAgain() {
    PressureCollector collector = PressureCollector.builder(first).build().register(registry);
    registry.unregister(collector);
    Summary.build("pressure_snapshot_age_seconds", "An application metric, now.").register(registry);

    // The earlier registration is not blamed: the registry says the owner is a Summary.
    assertThatThrownBy(() -> collector.register(registry))
        .hasMessageContaining("not a pressure collector")
        .hasMessageContaining("of type Summary");
  }

  @Test
  void registerWithoutArgumentsUsesTheDefaultRegistry() {
    PressureCollector collector = PressureCollector.builder(first).build();
    try {
      collector.register();
      assertThat(CollectorRegistry.defaultRegistry.getSampleValue("pressure_snapshot_age_seconds")).isNotNull();
      assertThatThrownBy(collector::register).hasMessageContaining("this same PressureCollector");
    } finally {
      CollectorRegistry.defaultRegistry.unregister(collector);
    }
    assertThat(CollectorRegistry.defaultRegistry.getSampleValue("pressure_liveness_check_alive")).isNull();
  }

  @Test
  void aBadLatencyNameIsRefusedWithTheStandardMessage() {
    PressureCollector.Builder builder = PressureCollector.builder(first);

    assertThatThrownBy(() -> builder.latencyMetricName("http-request-duration"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latencyMetricName: a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*. "
            + "Found: \"http-request-duration\"");
    assertThatThrownBy(() -> builder.latencyMetricName(null))
        .hasMessage("latencyMetricName: a Prometheus metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*. Found: null");
    assertThatThrownBy(() -> builder.latencyMetricName("1st"))
        .hasMessageEndingWith("Found: \"1st\"");
    assertThat(builder.latencyMetricName("app:request_duration_seconds").build().latencyMetricName())
        .isEqualTo("app:request_duration_seconds");
  }

  @Test
  void aNullMonitorIsRefused() {
    assertThatThrownBy(() -> PressureCollector.builder(null))
        .hasMessage("monitor: a PressureMonitor, not null. Found: null");
  }

  @Test
  void aLatencyNameThatClashesWithAPressureMetricIsRefusedAtBuild() {
    PressureCollector.Builder builder = PressureCollector.builder(first).latencyMetricName("pressure_shed_requests_total");

    assertThatThrownBy(builder::build)
        .hasMessageStartingWith("latencyMetricName: a metric name no other metric of the pressure collector "
            + "uses (pressure_shed_requests_total is taken by metric pressure_shed_requests;")
        .hasMessageEndingWith("Found: \"pressure_shed_requests_total\"");
  }

  @Test
  void aSignalNamedLikeAPressureMetricIsRefusedAtBuild() {
    try (PressureMonitor clashing = PressureMonitor.builder().signal("pressure_rss_bytes", () -> 1).build()) {
      assertThatThrownBy(() -> PressureCollector.builder(clashing).build())
          .hasMessageStartingWith("signal name: a metric name no other metric of the pressure collector uses "
              + "(pressure_rss_bytes is taken by metric pressure_rss_bytes;")
          .hasMessageEndingWith("Found: \"pressure_rss_bytes\"");
    }
  }

  @Test
  void aSignalNamedLikeTheLatencySummarySamplesIsRefusedAtBuild() {
    try (PressureMonitor clashing = PressureMonitor.builder()
        .signal("http_request_duration_seconds_count", () -> 1).build()) {
      assertThatThrownBy(() -> PressureCollector.builder(clashing).build())
          .hasMessageStartingWith("latencyMetricName: a metric name no other metric of the pressure collector "
              + "uses (http_request_duration_seconds_count is taken by custom signal http_request_duration_seconds_count;")
          .hasMessageEndingWith("Found: \"http_request_duration_seconds\"");
      assertThat(PressureCollector.builder(clashing).latencyMetricName("request_duration_seconds").build())
          .isNotNull();
    }
  }

  private static PressureMonitor monitor() {
    return PressureMonitor.builder().sampleInterval(Duration.ofHours(1)).build();
  }
}
