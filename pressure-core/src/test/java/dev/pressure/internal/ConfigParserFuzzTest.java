package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every parser, fed any text: it either returns a value inside its documented range or throws
 * {@link IllegalArgumentException} with {@code <name>: <what is allowed>. Found: <value>}, the
 * value quoted on one line. Anything else thrown (NumberFormatException, ArithmeticException,
 * a regex StackOverflowError...) fails the test.
 *
 * <p>Without {@code JAZZER_FUZZ=1} (CI) this runs the committed corpus in
 * {@code src/test/resources/dev/pressure/ConfigParserFuzzTestInputs/}; with it, Jazzer fuzzes
 * and adds what it finds there (see {@code docs/operations.md}). The input bytes are the text,
 * UTF-8 decoded, so corpus files are readable.
 */
class ConfigParserFuzzTest {

  private static final long LONG_HALF = Long.MAX_VALUE / 2;

  @FuzzTest(maxDuration = "30s")
  void everyParserReturnsAValueInRangeOrTheDocumentedError(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);

    for (Duration min : new Duration[] {Duration.ZERO, Duration.ofMillis(10), Duration.ofSeconds(1)}) {
      for (String unit : new String[] {"ms", "s"}) {
        Duration d = parsed("sampleInterval", text, () -> ConfigParser.duration("sampleInterval", text, unit, min));
        if (d != null) {
          assertThat(d).isGreaterThanOrEqualTo(min);
          assertThat(d.toNanos()).isLessThan(LONG_HALF);
        }
      }
    }

    Long bytes = parsed("maxHeapUsedBytes", text, () -> ConfigParser.bytes("maxHeapUsedBytes", text));
    if (bytes != null) {
      assertThat(bytes).isBetween(0L, LONG_HALF);
    }

    Double ratio = parsed("maxEventLoopUtilization", text,
        () -> ConfigParser.decimal("maxEventLoopUtilization", text, 0, 1));
    if (ratio != null) {
      assertThat(ratio).isBetween(0.0, 1.0);
    }
    Double multiplier = parsed("SHED_MULTIPLIER", text, () -> ConfigParser.decimal("SHED_MULTIPLIER", text, 1, 1000));
    if (multiplier != null) {
      assertThat(multiplier).isBetween(1.0, 1000.0);
    }

    Long whole = parsed("latencyAgeBuckets", text, () -> ConfigParser.integer("latencyAgeBuckets", text, 1, 1000));
    if (whole != null) {
      assertThat(whole).isBetween(1L, 1000L);
    }
    Long port = parsed("PORT", text, () -> ConfigParser.integer("PORT", text, 0, 65535));
    if (port != null) {
      assertThat(port).isBetween(0L, 65535L);
    }

    Boolean flag = parsed("recordLatency", text, () -> ConfigParser.bool("recordLatency", text));
    if (flag != null) {
      assertThat(text.trim()).isEqualToIgnoringCase(flag.toString());
    }
  }

  @Test
  void aNameWithControlCharactersIsEscapedInTheErrorToo() {
    IllegalArgumentException e = ConfigParser.error("tier\r\nX-Forged: 1.maxLatency", "a duration", "1s");
    assertThat(e).hasMessage("tier\\u000d\\u000aX-Forged: 1.maxLatency: a duration. Found: \"1s\"");
    assertThat(ConfigParser.error("sampleInterval", "a duration", "x")).hasMessage("sampleInterval: a duration. Found: \"x\"");
  }

  /** The parser's value, or null when it threw the documented error (checked here). */
  private static <T> T parsed(String name, String text, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      assertDocumentedError(e, name, text);
      return null;
    }
  }

  static void assertDocumentedError(IllegalArgumentException e, String name, String text) {
    assertThat(e).isExactlyInstanceOf(IllegalArgumentException.class);
    String found = ". Found: " + ConfigParser.describe(text);
    assertThat(e.getMessage()).startsWith(name + ": ").endsWith(found);
    assertThat(e.getMessage().length() - found.length()).as("room for what is allowed").isGreaterThan(name.length() + 2);
    // One printable line whatever the input: a hostile value cannot forge log lines.
    assertThat(e.getMessage()).doesNotContainPattern("[\\x00-\\x1f\\x7f\\u0080-\\u009f\\u2028\\u2029]");
    assertThat(ConfigParser.describe(text)).hasSizeLessThanOrEqualTo(2 + 80 * 6 + 3);
  }
}
