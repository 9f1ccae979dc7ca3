package dev.pressure.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sample's main class as a real process: start-up errors and the SIGTERM drain. */
class SampleProcessTest {

  @Test
  void sigtermLetsTheInFlightRequestFinishThenExitsZero() throws Exception {
    try (SampleProcess sample = SampleProcess.mainClass(
        Map.of("REQUEST_DURATION_MS", "1500", "SHUTDOWN_GRACE_MS", "10000"))) {
      Http http = new Http(sample.awaitPort());
      assertThat(http.get("/readiness").statusCode()).isEqualTo(200);

      CompletableFuture<HttpResponse<String>> inFlight = http.getAsync("/slow");
      await().atMost(Duration.ofSeconds(10))
          .until(() -> http.get("/metrics").body().contains("http_requests_in_flight 1.0"));

      assertThat(sample.sigterm()).isTrue();
      await("the sample logs that it drains; output: " + sample.output)
          .atMost(Duration.ofSeconds(10)).until(() -> sample.outputText().contains("draining"));

      HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("hello world");
      assertThat(sample.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(sample.process.exitValue()).isZero();
      assertThat(sample.outputText()).contains("pressure-sample drained, exiting");
    }
  }

  @Test
  void aPortInUseIsTheOneLineErrorAndExitTwo() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        SampleProcess sample = SampleProcess.mainClass(Map.of("PORT", Integer.toString(taken.getLocalPort())))) {
      assertThat(sample.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(sample.process.exitValue()).isEqualTo(2);
      await().atMost(Duration.ofSeconds(5)).until(() -> sample.outputText().contains(". Found: \"" + taken.getLocalPort() + "\""));
      assertThat(sample.output).anySatisfy(line -> assertThat(line)
          .startsWith("pressure-sample: PORT: a port free on 127.0.0.1 (")
          .endsWith(". Found: \"" + taken.getLocalPort() + "\""));
      assertThat(sample.outputText()).doesNotContain("\tat ", "Exception in thread");
    }
  }

  @Test
  void anUnresolvableHostIsTheOneLineErrorAndExitTwo() throws Exception {
    try (SampleProcess sample = SampleProcess.mainClass(Map.of("HOST", "no-such-host.invalid"))) {
      assertThat(sample.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(sample.process.exitValue()).isEqualTo(2);
      await().atMost(Duration.ofSeconds(5)).until(() -> sample.outputText().contains("Found: "));
      assertThat(sample.output).contains("pressure-sample: HOST: an IP address or a host name that resolves on this "
          + "machine. Found: \"no-such-host.invalid\"");
      assertThat(sample.outputText()).doesNotContain("\tat ");
    }
  }

  @Test
  void badEnvironmentStopsStartUpWithTheVariableNamed() throws Exception {
    try (SampleProcess sample = SampleProcess.mainClass(Map.of("CONCURRENCY", "many"))) {
      assertThat(sample.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(sample.process.exitValue()).isEqualTo(2);
      await().atMost(Duration.ofSeconds(5)).until(() -> sample.outputText()
          .contains("CONCURRENCY: a whole number in [1, 10000]. Found: \"many\""));
    }
  }
}
