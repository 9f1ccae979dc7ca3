package dev.pressure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTextTest {

  @Test
  void controlCharactersAreEscaped() {
    assertThat(LogText.escape("a\r\nb\u001b[2J\u0085\u2028c\u007f")).isEqualTo("a\\u000d\\u000ab\\u001b[2J\\u0085\\u2028c\\u007f");
    assertThat(LogText.escape("x".repeat(10), 4)).isEqualTo("xxxx...");
    assertThat(LogText.escape(null)).isEqualTo("null");
  }

  @Test
  void aThrowableIsPrintedWithItsStackTraceButNoRawControlCharacters() {
    RuntimeException cause = new IllegalArgumentException("inner\nFAKE LOG LINE");
    RuntimeException outer = new RuntimeException("outer\r\n2026-01-01 ERROR forged", cause);
    outer.addSuppressed(new IllegalStateException("s\u001b"));
    StringWriter out = new StringWriter();
    LogText.safe(outer).printStackTrace(new PrintWriter(out));
    String printed = out.toString();
    assertThat(printed).startsWith("java.lang.RuntimeException: outer\\u000d\\u000a2026-01-01 ERROR forged")
        .contains("Caused by: java.lang.IllegalArgumentException: inner\\u000aFAKE LOG LINE")
        .contains("Suppressed: java.lang.IllegalStateException: s\\u001b")
        .contains("LogTextTest.aThrowableIsPrintedWithItsStackTraceButNoRawControlCharacters");
    for (String line : printed.split("\n")) {
      assertThat(line).doesNotStartWith("FAKE").doesNotStartWith("2026-01-01").doesNotContain("\u001b");
    }
  }

  @Test
  void closestNameByEditDistance() {
    assertThat(Suggestions.closest("Readiness", List.of("default", "readiness", "shed"))).isEqualTo("readiness");
    assertThat(Suggestions.closest("readyness", List.of("default", "readiness", "shed"))).isEqualTo("readiness");
    assertThat(Suggestions.closest("shd", List.of("default", "readiness", "shed"))).isEqualTo("shed");
    assertThat(Suggestions.closest("x", List.of())).isNull();
    assertThat(Suggestions.closest("shed", List.of("default", "ready"))).as("too far to be a typo").isNull();
    assertThat(Suggestions.didYouMean("shed", List.of("default"))).isEmpty();
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
  }
}
