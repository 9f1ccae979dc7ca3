package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {

  private static final String DURATION_ALLOWED =
      "a duration >= 10ms such as 250ms, 2s, 1m (a bare number is in ms)";
  private static final String SIZE_ALLOWED =
      "a size >= 0 such as 536870912, 512MiB, 1GB (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)";

  @ParameterizedTest
  @CsvSource({
    "250ms, 250000000",
    "250, 250000000",
    "2s, 2000000000",
    "2S, 2000000000",
    "1.5s, 1500000000",
    "' 3 s ', 3000000000",
    "1m, 60000000000",
    "1h, 3600000000000",
    "20000us, 20000000",
    "10000000ns, 10000000",
    "0.5m, 30000000000",
  })
  void durationsTakeUnitsAndABareNumberInTheCallersUnit(String text, long nanos) {
    assertThat(ConfigParser.duration("sampleInterval", text, "ms", Duration.ofMillis(10)))
        .isEqualTo(Duration.ofNanos(nanos));
  }

  @Test
  void bareDurationUsesTheGivenUnit() {
    assertThat(ConfigParser.duration("retryAfter", "10", "s", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9ms", "0", "-1s", "1d", "ms", "", "1.2.3s", "1e3ms", "2 seconds", "NaN", "0x10"})
  void badDurationsAreRefusedWithTheirText(String text) {
    assertThatThrownBy(() -> ConfigParser.duration("sampleInterval", text, "ms", Duration.ofMillis(10)))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampleInterval: " + DURATION_ALLOWED + ". Found: \"" + text + "\"");
  }

  @Test
  void hugeDurationsAreRefusedNotWrapped() {
    assertThatThrownBy(() -> ConfigParser.duration("d", "999999999999h", "ms", Duration.ZERO))
        .hasMessageStartingWith("d: a duration >= 0 such as")
        .hasMessageEndingWith(". Found: \"999999999999h\"");
  }

  @Test
  void nullDurationIsRefused() {
    assertThatThrownBy(() -> ConfigParser.duration("sampleInterval", null, "ms", Duration.ofMillis(10)))
        .hasMessage("sampleInterval: " + DURATION_ALLOWED + ". Found: null");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1048576, 1048576",
    "512B, 512",
    "1KB, 1000",
    "1kb, 1000",
    "1KiB, 1024",
    "1kib, 1024",
    "1MB, 1000000",
    "1MiB, 1048576",
    "512MiB, 536870912",
    "1GB, 1000000000",
    "1GiB, 1073741824",
    "2TB, 2000000000000",
    "1TiB, 1099511627776",
    "1.5KiB, 1536",
    "0.5KB, 500",
    "' 2 MiB ', 2097152",
  })
  void sizesTakeDecimalAndBinaryUnits(String text, long bytes) {
    assertThat(ConfigParser.bytes("maxRssBytes", text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5B", "0.1KiB", "1K", "1Mi", "1PB", "MiB", "", "1,000", "99999999TB"})
  void badSizesAreRefusedWithTheirText(String text) {
    assertThatThrownBy(() -> ConfigParser.bytes("maxRssBytes", text))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRssBytes: " + SIZE_ALLOWED + ". Found: \"" + text + "\"");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "0.75, 0.75", "' 0.5 ', 0.5", ".5, 0.5"})
  void decimalsInRange(String text, double value) {
    assertThat(ConfigParser.decimal("maxEventLoopUtilization", text, 0, 1)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.01", "-0.1", "NaN", "Infinity", "1e-1", "1d", "0.5f", "half", ""})
  void badDecimalsAreRefused(String text) {
    assertThatThrownBy(() -> ConfigParser.decimal("maxEventLoopUtilization", text, 0, 1))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEventLoopUtilization: a number in [0, 1]. Found: \"" + text + "\"");
  }

  @Test
  void decimalRangeWithFractionsIsPrintedAsIs() {
    assertThatThrownBy(() -> ConfigParser.decimal("latencyQuantile", "1", 0.001, 0.999))
        .hasMessage("latencyQuantile: a number in [0.001, 0.999]. Found: \"1\"");
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "1000, 1000", "' 5 ', 5"})
  void integersInRange(String text, long value) {
    assertThat(ConfigParser.integer("latencyAgeBuckets", text, 1, 1000)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1001", "1.0", "5s", "", "99999999999999999999"})
  void badIntegersAreRefused(String text) {
    assertThatThrownBy(() -> ConfigParser.integer("latencyAgeBuckets", text, 1, 1000))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("latencyAgeBuckets: a whole number in [1, 1000]. Found: \"" + text + "\"");
  }

  @Test
  void nullIntegerAndDecimalAreRefused() {
    assertThatThrownBy(() -> ConfigParser.integer("n", null, 1, 2))
        .hasMessage("n: a whole number in [1, 2]. Found: null");
    assertThatThrownBy(() -> ConfigParser.decimal("d", null, 0, 1))
        .hasMessage("d: a number in [0, 1]. Found: null");
  }

  @ParameterizedTest
  @CsvSource({"true, true", "TRUE, true", "' false ', false", "False, false"})
  void booleans(String text, boolean value) {
    assertThat(ConfigParser.bool("exposeStatusRoute", text)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "on", "", "truee"})
  void badBooleansAreRefused(String text) {
    assertThatThrownBy(() -> ConfigParser.bool("exposeStatusRoute", text))
        .hasMessage("exposeStatusRoute: true or false. Found: \"" + text + "\"");
  }

  @Test
  void nullBooleanIsRefused() {
    assertThatThrownBy(() -> ConfigParser.bool("exposeStatusRoute", null))
        .hasMessage("exposeStatusRoute: true or false. Found: null");
  }

  @Test
  void controlCharactersInFoundAreEscapedSoTheMessageStaysOneLine() {
    String hostile = "1\nWARN forged log line\r\u0000\u001b[31m\u2028\u0085";
    IllegalArgumentException e = ConfigParser.error("maxRssBytes", "a size", hostile);
    assertThat(e.getMessage())
        .isEqualTo("maxRssBytes: a size. Found: \"1\\u000aWARN forged log line\\u000d\\u0000\\u001b[31m\\u2028\\u0085\"")
        .doesNotContain("\n", "\r", "\u0000", "\u001b", "\u2028", "\u0085");
    assertThatThrownBy(() -> ConfigParser.bytes("maxRssBytes", hostile))
        .hasMessageEndingWith("Found: \"1\\u000aWARN forged log line\\u000d\\u0000\\u001b[31m\\u2028\\u0085\"");
  }

  @Test
  void quotesAndBackslashesInFoundAreEscaped() {
    assertThat(ConfigParser.describe("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void longFoundValuesAreCut() {
    String s = "x".repeat(200);
    assertThat(ConfigParser.describe(s)).isEqualTo("\"" + "x".repeat(80) + "...\"");
  }

  @Test
  void nonTextFoundValuesArePrintedPlain() {
    assertThat(ConfigParser.error("latencyAgeBuckets", "a whole number in [1, 1000]", 0))
        .hasMessage("latencyAgeBuckets: a whole number in [1, 1000]. Found: 0");
    assertThat(ConfigParser.describe(null)).isEqualTo("null");
    assertThat(ConfigParser.describe(1.5)).isEqualTo("1.5");
  }
}
