package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PrometheusProcess starts a real Prometheus that scrapes and answers queries, and stops it. */
class PrometheusProcessTest {

  @Test
  void scrapesItselfAndAnswersQueries(@TempDir Path dir) throws IOException {
    int port = PrometheusProcess.freeLoopbackPort();
    Path config = Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: self
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(port));

    PrometheusProcess prometheus = PrometheusProcess.start(config, dir, port);
    try (prometheus) {
      await("a scrape of prometheus' own /metrics")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> prometheus.query("up{job=\"self\"}").size() == 1);

      JsonNode up = prometheus.query("up{job=\"self\"}").get(0);
      assertThat(up.at("/metric/instance").asText()).isEqualTo("127.0.0.1:" + port);
      assertThat(up.at("/value/1").asText()).isEqualTo("1");
    }

    assertThat(prometheus.log()).contains("Server is ready to receive web requests");
    assertThat(isListening(port)).as("port %d closed after close()", port).isFalse();
  }

  @Test
  void failsWithTheLogWhenPrometheusCannotStart(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "scrape_configs: [{job_name: 7, nonsense: true}]\n");

    assertThatThrownBy(() -> PrometheusProcess.start(config, dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("prometheus exited with")
        .hasMessageContaining("nonsense");
  }

  private static boolean isListening(int port) {
    try (var socket = new java.net.Socket("127.0.0.1", port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }
}
