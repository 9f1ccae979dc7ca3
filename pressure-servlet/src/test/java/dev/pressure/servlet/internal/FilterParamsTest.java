package dev.pressure.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterParamsTest {

  @Test
  void retryAfterTakesSecondsWithOrWithoutUnit() {
    assertThat(FilterParams.retryAfterSeconds("10")).isEqualTo(10);
    assertThat(FilterParams.retryAfterSeconds("2m")).isEqualTo(120);
    assertThat(FilterParams.retryAfterSeconds("0")).isZero();
    assertThat(FilterParams.retryAfterSeconds("3000ms")).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1500ms", "-1", "soon", ""})
  void retryAfterRefusesWhatTheHeaderCannotCarry(String text) {
    assertThatThrownBy(() -> FilterParams.retryAfterSeconds(text))
        .hasMessageStartingWith("retryAfter: whole seconds >= 0")
        .hasMessageEndingWith("Found: \"" + text + "\"");
  }

  @Test
  void messageAcceptsPrintableTextAndRefusesControlCharacters() {
    assertThat(FilterParams.message("Zu viel los – bitte später \"nochmal\"")).isNotEmpty();
    assertThatThrownBy(() -> FilterParams.message("a\nb")).hasMessageStartingWith("message: ");
    assertThatThrownBy(() -> FilterParams.message("tab\there")).hasMessageStartingWith("message: ");
    assertThatThrownBy(() -> FilterParams.message("x".repeat(1001))).hasMessageStartingWith("message: ");
  }
}
