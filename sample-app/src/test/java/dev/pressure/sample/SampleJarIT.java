package dev.pressure.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's command: {@code java -jar sample-app/target/pressure-sample.jar} (run by failsafe after package). */
class SampleJarIT {

  @Test
  void theShadedJarStartsServesAndStopsOnSigterm() throws Exception {
    File jar = new File("target/pressure-sample.jar");
    assertThat(jar).as("built by the package phase").isFile();
    try (SampleProcess sample = SampleProcess.jar(jar, Map.of("REQUEST_DURATION_MS", "10"))) {
      Http http = new Http(sample.awaitPort());
      assertThat(http.get("/liveness").body()).isEqualTo("OK");
      assertThat(http.get("/slow").body()).isEqualTo("hello world");
      assertThat(http.get("/expensive-op?x=1").statusCode()).isEqualTo(200);
      assertThat(http.get("/metrics").body()).contains("http_request_duration_seconds{quantile=\"0.999\",}");
      assertThat(sample.sigterm()).isTrue();
      assertThat(sample.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(sample.process.exitValue()).isZero();
    }
  }
}
