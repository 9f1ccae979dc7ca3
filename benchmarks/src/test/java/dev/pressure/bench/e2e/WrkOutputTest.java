package dev.pressure.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The wrk output parser on real wrk 4.1.0 output (Debian {@code 4.1.0-3+b2}), captured on this
 * machine: against {@link HelloServer} answering 200 and 500, a Python {@code http.server}
 * answering 404, and a socket server that closed or dropped connections (socket errors).
 */
class WrkOutputTest {

  @Test
  void parsesAHealthyRunOnJetty() throws IOException {
    WrkOutput w = WrkOutput.parse(fixture("wrk-jetty-200.txt"));

    assertThat(w.requests()).isEqualTo(26135);
    assertThat(w.seconds()).isEqualTo(2.0, within(1e-9));
    assertThat(w.requestsPerSecond()).isEqualTo(13052.33, within(1e-9));
    assertThat(w.latencyMillis()).containsOnlyKeys(50, 75, 90, 99);
    assertThat(w.latency(50)).isEqualTo(0.352, within(1e-9)); // 352.00us
    assertThat(w.latency(75)).isEqualTo(2.27, within(1e-9));
    assertThat(w.latency(99)).isEqualTo(90.94, within(1e-9));
    assertThat(w.non2xx()).isZero();
    assertThat(w.socketErrors()).isEqualTo(WrkOutput.SocketErrors.NONE);
  }

  @Test
  void countsNon2xxFromAServletAnswering500() throws IOException {
    WrkOutput w = WrkOutput.parse(fixture("wrk-jetty-500.txt"));

    assertThat(w.requests()).isEqualTo(37656);
    assertThat(w.seconds()).isEqualTo(2.04, within(1e-9));
    assertThat(w.requestsPerSecond()).isEqualTo(18454.77, within(1e-9));
    assertThat(w.non2xx()).isEqualTo(37656);
    assertThat(w.socketErrors().total()).isZero();
    assertThatThrownBy(() -> new Round(1, Setup.FILTER, w, 0.5).check())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("round 1 filter: non-2xx responses: 0. Found: 37656");
  }

  @Test
  void parsesSocketErrorsAndNon2xxTogether() throws IOException {
    WrkOutput w = WrkOutput.parse(fixture("wrk-errors.txt"));

    assertThat(w.socketErrors()).isEqualTo(new WrkOutput.SocketErrors(0, 9810, 0, 0));
    assertThat(w.non2xx()).isEqualTo(4906);
    assertThat(w.seconds()).isEqualTo(3.1, within(1e-9));
    assertThat(w.latency(50)).isEqualTo(0.458, within(1e-9));
    assertThat(w.latency(90)).isEqualTo(1.94, within(1e-9));
  }

  @Test
  void parsesA404Run() throws IOException {
    WrkOutput w = WrkOutput.parse(fixture("wrk-404.txt"));

    assertThat(w.non2xx()).isEqualTo(w.requests()).isEqualTo(1271);
    assertThat(w.requestsPerSecond()).isEqualTo(1269.56, within(1e-9));
    assertThat(w.latency(99)).isEqualTo(12.93, within(1e-9));
  }

  @Test
  void parsesARunWithNoAnswerAtAllAndRejectsItAsARound() throws IOException {
    WrkOutput w = WrkOutput.parse(fixture("wrk-no-answers.txt")); // "-nan%" in the thread stats

    assertThat(w.requests()).isZero();
    assertThat(w.requestsPerSecond()).isZero();
    assertThat(w.latency(50)).isZero();
    assertThat(w.socketErrors().read()).isEqualTo(17973);
    assertThatThrownBy(() -> new Round(2, Setup.BARE, w, 0.5).check())
        .hasMessageStartingWith("round 2 bare: requests: > 0. Found: ");
  }

  @Test
  void withoutLatencyFlagThePercentilesAreNaN() throws IOException {
    String text = fixture("wrk-jetty-200.txt").replaceAll("(?s)  Latency Distribution.*?99%[^\n]*\n", "");

    WrkOutput w = WrkOutput.parse(text);

    assertThat(w.latencyMillis()).isEmpty();
    assertThat(w.latency(99)).isNaN();
    assertThat(w.requestsPerSecond()).isEqualTo(13052.33, within(1e-9));
  }

  @Test
  void refusesOutputWithoutASummary() {
    assertThatThrownBy(() -> WrkOutput.parse("unable to connect to 127.0.0.1:18556 Connection refused\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wrk output: a line \"<N> requests in <T>, <B> read\". Found: "
            + "unable to connect to 127.0.0.1:18556 Connection refused\n");
  }

  static String fixture(String name) throws IOException {
    try (InputStream in = WrkOutputTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
