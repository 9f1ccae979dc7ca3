package dev.pressure.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pressure.internal.ConfigParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@link SampleConfig#fromEnvironment(Map)} fed any environment: it either returns settings
 * inside the documented ranges (the {@code SampleConfig.VARIABLES} table) or throws
 * {@link IllegalArgumentException} naming a variable the environment set, as
 * {@code <VARIABLE>: <what is allowed>. Found: <value>} on one printable line. Nothing else.
 *
 * <p>Input format (readable corpus files): {@code NAME=value} records separated by NUL bytes,
 * UTF-8. Without {@code JAZZER_FUZZ=1} this runs the committed corpus in
 * {@code src/test/resources/dev/pressure/sample/SampleConfigFuzzTestInputs/}.
 */
class SampleConfigFuzzTest {

  private static final String VARIABLE = SampleConfig.VARIABLES.stream().map(v -> v.name)
      .collect(Collectors.joining("|", "(", ")"));

  @FuzzTest(maxDuration = "30s")
  void theEnvironmentGivesSettingsInRangeOrTheDocumentedError(byte[] input) {
    Map<String, String> env = env(new String(input, StandardCharsets.UTF_8));
    SampleConfig c;
    try {
      c = SampleConfig.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class);
      assertThat(e.getMessage()).matches("(?s)" + VARIABLE + ": .+\\. Found: .+")
          .doesNotContainPattern("[\\x00-\\x1f\\x7f\\u0080-\\u009f\\u2028\\u2029]");
      String named = e.getMessage().substring(0, e.getMessage().indexOf(':'));
      assertThat(env.get(named)).as("the defaults are valid: only a variable that was set can be wrong").isNotBlank();
      assertThat(e.getMessage()).endsWith(". Found: " + ConfigParser.describe(env.get(named)));
      return;
    }
    assertThat(c.port).isBetween(0, 65535);
    assertThat(c.host).matches("[A-Za-z0-9.:\\-\\[\\]]{1,253}");
    assertThat(c.concurrency).isBetween(1, 10_000);
    assertThat(c.expensiveOp).isGreaterThanOrEqualTo(Duration.ofMillis(1));
    assertThat(c.requestDuration).isGreaterThanOrEqualTo(Duration.ofMillis(1));
    assertThat(c.latencyQuantile).isStrictlyBetween(0.0, 1.0);
    assertThat(c.latencyMaxAge).isGreaterThanOrEqualTo(Duration.ofMillis(1));
    assertThat(c.latencyAgeBuckets).isBetween(1, 1000);
    assertThat(c.readinessMultiplier).isBetween(1.0, 1000.0);
    assertThat(c.shedMultiplier).isBetween(1.0, 1000.0).isGreaterThan(c.readinessMultiplier);
    assertThat(c.sampleInterval).isGreaterThanOrEqualTo(Duration.ofMillis(10));
    assertThat(c.retryAfter).isBetween(Duration.ZERO, Duration.ofDays(1));
    assertThat(c.shutdownGrace.isNegative()).isFalse();
    assertThat(c.maxEventLoopDelay.isNegative()).isFalse();
    assertThat(c.maxEventLoopUtilization).isBetween(0.0, 1.0);
    assertThat(c.maxHeapUsedBytes).isNotNegative();
    assertThat(c.maxRssBytes).isNotNegative();
    // The derived tier limits stay ordered and representable.
    assertThat(c.shedLatency()).isGreaterThan(c.readinessLatency());
  }

  /** {@code NAME=value} records separated by NUL; later duplicates win, as in a map. */
  static Map<String, String> env(String text) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String record : text.split("\u0000", -1)) {
      int eq = record.indexOf('=');
      if (!record.isEmpty()) {
        env.put(eq < 0 ? record : record.substring(0, eq), eq < 0 ? "" : record.substring(eq + 1));
      }
    }
    return env;
  }
}
