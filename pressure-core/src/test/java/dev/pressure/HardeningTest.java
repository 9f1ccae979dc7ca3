package dev.pressure;

import dev.pressure.internal.ConfigParser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue #15 in the core: one slow request cannot trip a tier, numbers are ASCII, failures are bounded. */
class HardeningTest {

  @TempDir Path dir;
  private MonitorFixture f;

  private MonitorFixture fixture() {
    f = new MonitorFixture(dir);
    return f;
  }

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  @Test
  void oneSlowRequestAtLowTrafficDoesNotTripALatencyLimit() {
    MonitorFixture fx = fixture();
    PressureMonitor m = fx.build(b -> b.tier("readiness", Thresholds.builder().maxLatency(Duration.ofMillis(400)).build()));
    assertThat(m.config().latencyMinSamples()).isEqualTo(1000); // ceil(1 / (1 - 0.999))
    for (int i = 0; i < 10; i++) {
      m.recordLatency(Duration.ofMillis(200).toNanos());
    }
    m.recordLatency(Duration.ofMillis(900).toNanos()); // the GET /slow?delayMs=900
    PressureSnapshot s = fx.sample(m);
    assertThat(s.latencyMillis()).as("the quantile is still reported").isGreaterThan(800);
    assertThat(s.pressureType("readiness")).as("11 samples are too few to judge a p99.9").isNull();

    for (int i = 0; i < 989; i++) {
      m.recordLatency(Duration.ofMillis(200).toNanos());
    }
    m.recordLatency(Duration.ofMillis(900).toNanos());
    assertThat(fx.sample(m).pressureType("readiness")).as("1001 samples, two slow ones: p99.9 is over")
        .isEqualTo(PressureType.LATENCY);
  }

  @Test
  void latencyMinSamplesIsConfigurableAndFollowsTheQuantile() {
    MonitorFixture fx = fixture();
    PressureMonitor m = fx.build(b -> b.maxLatency(Duration.ofMillis(400)).latencyMinSamples(1));
    m.recordLatency(Duration.ofMillis(900).toNanos());
    assertThat(fx.sample(m).pressureType(PressureMonitor.DEFAULT_TIER)).isEqualTo(PressureType.LATENCY);
    assertThat(MonitorConfig.defaultLatencyMinSamples(0.99)).isEqualTo(100);
    assertThat(MonitorConfig.defaultLatencyMinSamples(0.5)).isEqualTo(2);
    assertThat(fx.build(b -> b.latencyQuantile(0.9)).config().latencyMinSamples()).isEqualTo(10);
    assertThatThrownBy(() -> PressureMonitor.builder().latencyMinSamples(0))
        .hasMessage("latencyMinSamples: a whole number in [1, 1000000000]. Found: 0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"٣٠٠١", "+0", "+5", "١", "１２", "0x10", "Infinity", "1e3", "1d"})
  void numbersAreAsciiDigitsOnly(String text) {
    assertThatThrownBy(() -> ConfigParser.integer("PORT", text, 0, 65535))
        .hasMessage("PORT: a whole number in [0, 65535]. Found: " + ConfigParser.describe(text));
    assertThatThrownBy(() -> ConfigParser.decimal("q", text, 0, 100000))
        .hasMessage("q: a number in [0, 100000]. Found: " + ConfigParser.describe(text));
  }

  @Test
  void asciiNumbersStillParse() {
    assertThat(ConfigParser.integer("n", " 42 ", 0, 100)).isEqualTo(42);
    assertThat(ConfigParser.decimal("d", "0.5", 0, 1)).isEqualTo(0.5);
    assertThat(ConfigParser.decimal("d", ".5", 0, 1)).isEqualTo(0.5);
    assertThatThrownBy(() -> ConfigParser.integer("n", "-1", 0, 100)).hasMessageContaining("Found: \"-1\"");
  }

  @Test
  void aMisspelledTierIsRefusedWithTheClosestName() {
    try (PressureMonitor m = PressureMonitor.builder().tier("readiness", Thresholds.NONE).tier("shed", Thresholds.NONE).build()) {
      assertThatThrownBy(() -> m.tier("Readyness"))
          .hasMessage("tier: one of [default, readiness, shed] (closest: \"readiness\"). Found: \"Readyness\"");
    }
  }

  @Test
  void whatTheMonitorLogsAboutAFailingSignalHasNoRawControlCharacters() {
    MonitorFixture fx = fixture();
    PressureMonitor m = fx.build(b -> b.maxHeapUsedBytes(1));
    SignalFaultsTest.CapturedLog log = new SignalFaultsTest.CapturedLog();
    log.attach();
    try {
      fx.heapFailure = new IllegalStateException("boom\r\n2026-12-01 SEVERE forged line\u001b[0m");
      fx.sample(m);
    } finally {
      log.detach();
    }
    java.util.List<java.util.logging.LogRecord> records = log.records();
    assertThat(records).isNotEmpty();
    for (java.util.logging.LogRecord r : records) {
      assertThat(r.getMessage()).doesNotContain("\r", "\n", "\u001b");
      if (r.getThrown() != null) {
        java.io.StringWriter trace = new java.io.StringWriter();
        r.getThrown().printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString()).contains("boom\\u000d\\u000a2026-12-01 SEVERE forged line\\u001b[0m")
            .doesNotContain("\r\n2026-12-01", "\u001b");
      }
    }
    assertThat(records).anySatisfy(r -> assertThat(r.getThrown()).isNotNull());
  }

  @Test
  void aFailureShowsTheExceptionClassAndAnEscapedMessageCutAt200Characters() {
    MonitorFixture fx = fixture();
    PressureMonitor m = fx.build(b -> b.maxHeapUsedBytes(1));
    fx.heapFailure = new IllegalStateException("line\r\nFORGED \u001b[31m" + "x".repeat(200_000));
    String failure = fx.sample(m).failures().get(PressureType.HEAP_USED_BYTES);
    assertThat(failure).startsWith("java.lang.IllegalStateException: line\\u000d\\u000aFORGED \\u001b[31m")
        .endsWith("...")
        .doesNotContain("\r", "\n", "\u001b");
    assertThat(failure.length()).isLessThan("java.lang.IllegalStateException: ".length() + 200 + 40);
  }
}
