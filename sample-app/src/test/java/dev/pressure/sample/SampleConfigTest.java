package dev.pressure.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SampleConfigTest {

  @Test
  void defaultsMatchTheArticles() {
    SampleConfig c = SampleConfig.fromEnvironment(Map.of());
    assertThat(c.port).isEqualTo(3000);
    assertThat(c.host).isEqualTo("0.0.0.0");
    assertThat(c.concurrency).isEqualTo(1);
    assertThat(c.expensiveOp).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.requestDuration).isEqualTo(Duration.ofMillis(200));
    assertThat(c.readinessLatency()).isEqualTo(Duration.ofMillis(400));
    assertThat(c.shedLatency()).isEqualTo(Duration.ofMillis(800));
    assertThat(c.latencyQuantile).isEqualTo(0.999);
    assertThat(c.latencyMaxAge).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.latencyAgeBuckets).isEqualTo(5);
    assertThat(c.retryAfter).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.maxHeapUsedBytes).isZero();
  }

  @Test
  void unitsAreAccepted() {
    SampleConfig c = SampleConfig.fromEnvironment(Map.of(
        "MAX_HEAP_USED_BYTES", "512MiB", "EXPENSIVE_OP_MS", "2s", "SHUTDOWN_GRACE_MS", "1500"));
    assertThat(c.maxHeapUsedBytes).isEqualTo(512L << 20);
    assertThat(c.expensiveOp).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.shutdownGrace).isEqualTo(Duration.ofMillis(1500));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PORT|70000",
      "PORT|abc",
      "HOST|bad host",
      "CONCURRENCY|0",
      "CONCURRENCY|1.5",
      "EXPENSIVE_OP_MS|-5",
      "REQUEST_DURATION_MS|fast",
      "LATENCY_QUANTILE|1",
      "LATENCY_QUANTILE|0",
      "LATENCY_MAX_AGE_SECONDS|0",
      "LATENCY_AGE_BUCKETS|0",
      "READINESS_MULTIPLIER|0.5",
      "SHED_MULTIPLIER|1.5",
      "SAMPLE_INTERVAL_MS|5",
      "RETRY_AFTER_SECONDS|-1",
      "SHUTDOWN_GRACE_MS|soon",
      "MAX_EVENT_LOOP_DELAY_MS|-1",
      "MAX_EVENT_LOOP_UTILIZATION|1.5",
      "MAX_HEAP_USED_BYTES|12XB",
      "MAX_RSS_BYTES|-1",
      // issue #15: ASCII digits only, no '+', HOST an IP literal or a host name
      "PORT|٣٠٠١",
      "PORT|+0",
      "CONCURRENCY|١",
      "RETRY_AFTER_SECONDS|+5",
      "READINESS_MULTIPLIER|+2",
      "HOST|999.1.1.1",
      "HOST|1.2.3",
      "HOST|a..b",
      "HOST|-host",
      "HOST|[not-ipv6]",
      "HOST|1:2:3:4:5:6:7:8:9",
      "MANAGEMENT_PORT|+1",
      "MANAGEMENT_PORT|70000",
      "MAX_CONNECTIONS|-1",
      "DEMO_CONTROLS|yes",
      "LATENCY_MIN_SAMPLES|+5"
  })
  void badValueNamesTheVariable(String variable, String value) {
    assertThatThrownBy(() -> SampleConfig.fromEnvironment(Map.of(variable, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(variable + ": ")
        .hasMessageEndingWith(". Found: \"" + value + "\"");
  }

  @Test
  void aBlankHostIsRefusedNotTurnedIntoAnyAddress() {
    assertThatThrownBy(() -> SampleConfig.fromEnvironment(Map.of("HOST", " ")))
        .hasMessage("HOST: " + HostName.ALLOWED + ". Found: \" \"");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"localhost|localhost", "127.0.0.1|127.0.0.1", "::|::", "::1|::1",
      "[::1]|::1", "fe80::1:2|fe80::1:2", "::ffff:127.0.0.1|::ffff:127.0.0.1", "example.com|example.com",
      "my-host.internal.|my-host.internal.", "0.0.0.0|0.0.0.0", "' 10.0.0.1 '|10.0.0.1"})
  void hostsThatAreAddressesOrNames(String text, String host) {
    assertThat(SampleConfig.fromEnvironment(Map.of("HOST", text)).host).isEqualTo(host);
  }

  @Test
  void demoControlsAreOffAndConnectionsBoundedByDefault() {
    SampleConfig c = SampleConfig.fromEnvironment(Map.of());
    assertThat(c.demoControls).isFalse();
    assertThat(c.managementPort).isEqualTo(-1);
    assertThat(c.maxConnections).isEqualTo(Connectors.defaultMaxConnections()).isPositive();
    assertThat(c.latencyMinSamples).isZero();
    SampleConfig set = SampleConfig.fromEnvironment(Map.of("DEMO_CONTROLS", "true", "MANAGEMENT_PORT", "9090",
        "MAX_CONNECTIONS", "100", "LATENCY_MIN_SAMPLES", "5"));
    assertThat(set.demoControls).isTrue();
    assertThat(set.managementPort).isEqualTo(9090);
    assertThat(set.maxConnections).isEqualTo(100);
    assertThat(set.latencyMinSamples).isEqualTo(5);
    assertThatThrownBy(() -> SampleConfig.fromEnvironment(Map.of("PORT", "9090", "MANAGEMENT_PORT", "9090")))
        .hasMessage("MANAGEMENT_PORT: a port other than PORT (9090). Found: \"9090\"");
  }

  @Test
  void markdownTableListsEveryVariable() {
    String table = SampleConfig.markdownTable();
    for (SampleConfig.Variable v : SampleConfig.VARIABLES) {
      assertThat(table).contains("`" + v.name + "`");
    }
  }
}
