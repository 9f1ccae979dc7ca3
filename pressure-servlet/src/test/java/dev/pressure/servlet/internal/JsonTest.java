package dev.pressure.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void escapesEverythingThatCouldBreakTheDocument() {
    StringBuilder out = new StringBuilder();
    Json.quote(out, "a\"b\\c\nd\re\tf\u0001g\u2028h\u007f");
    assertThat(out).hasToString("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u2028h\\u007f\"");
  }

  @Test
  void writesNestedObjectsNumbersAndNulls() {
    String json = new Json()
        .field("s", "x")
        .field("n", (String) null)
        .field("i", 42L)
        .field("d", 1.23456)
        .field("whole", 3.0)
        .field("nan", Double.NaN)
        .field("b", true)
        .object("o").field("k", 1L).object("inner").end().end()
        .field("after", "y")
        .finish();
    assertThat(json).isEqualTo(
        "{\"s\":\"x\",\"n\":null,\"i\":42,\"d\":1.235,\"whole\":3,\"nan\":null,\"b\":true,"
            + "\"o\":{\"k\":1,\"inner\":{}},\"after\":\"y\"}");
  }
}
