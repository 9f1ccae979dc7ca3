package dev.pressure.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes shutdown timeline on the real process: SIGTERM under steady traffic gives no
 * 503 until SHUTDOWN_DELAY_MS has passed, readiness fails at once, the request in flight when
 * refusal starts finishes, and the process exits 0; a request still open at grace expiry gets
 * 503 + Retry-After, never a container error page.
 */
class ShutdownTimelineTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** One answer of the steady traffic: when it came back (nanoTime) and its status, or -1 for an I/O failure. */
  private record Answer(long atNanos, int status, String body) {}

  @Test
  void sigtermUnderSteadyTrafficServesThroughTheDelayThenRefusesAndExitsZero() throws Exception {
    long delayMs = 4000; // room for a loaded machine to see readiness fail well inside it
    // Latency limits of about 20 s (20 ms x 999/1000): a loaded machine must not shed /slow
    // for pressure, so the only 503 the traffic can see is the drain's.
    try (SampleProcess sample = SampleProcess.mainClass(Map.of("REQUEST_DURATION_MS", "20",
        "READINESS_MULTIPLIER", "999", "SHED_MULTIPLIER", "1000",
        "SHUTDOWN_DELAY_MS", Long.toString(delayMs), "SHUTDOWN_GRACE_MS", "20000"))) {
      Http http = new Http(sample.awaitPort());
      assertThat(http.get("/readiness").statusCode()).isEqualTo(200);

      List<Answer> answers = new CopyOnWriteArrayList<>();
      Thread traffic = new Thread(() -> {
        while (sample.process.isAlive() && !Thread.currentThread().isInterrupted()) {
          try {
            HttpResponse<String> r = http.get("/slow");
            answers.add(new Answer(System.nanoTime(), r.statusCode(), r.body()));
          } catch (RuntimeException e) {
            answers.add(new Answer(System.nanoTime(), -1, String.valueOf(e)));
          }
        }
      }, "steady-traffic");
      traffic.start();
      await().atMost(PATIENCE).until(() -> answers.size() >= 5);

      long sigtermAt = System.nanoTime();
      assertThat(sample.sigterm()).isTrue();
      await().atMost(PATIENCE).until(() -> http.get("/readiness").statusCode() == 429);
      int atUnready = answers.size();
      await("a 503 once the delay is over").atMost(PATIENCE)
          .until(() -> answers.stream().anyMatch(a -> a.status() == 503));

      List<Answer> seen = List.copyOf(answers); // the traffic thread keeps appending
      Answer first503 = seen.stream().filter(a -> a.status() == 503).findFirst().orElseThrow();
      List<Answer> before = seen.subList(0, seen.indexOf(first503));
      assertThat(before).as("everything before the first 503").allMatch(a -> a.status() == 200);
      assertThat(before.size()).as("requests served while readiness failed").isGreaterThan(atUnready);
      assertThat(first503.atNanos() - sigtermAt).as("no 503 before SHUTDOWN_DELAY_MS (first 503: %s)", first503.body())
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(delayMs));
      assertThat(first503.body()).contains("\"type\":\"draining\"");

      assertThat(sample.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      traffic.interrupt();
      traffic.join(PATIENCE.toMillis());
      assertThat(sample.process.exitValue()).isZero();
      assertThat(sample.outputText()).contains("pressure-sample drained, exiting");
      // After the first 503: only 503 draining answers or a refused connection once the server closed.
      List<Answer> all = List.copyOf(answers);
      List<Answer> after = all.subList(all.indexOf(first503), all.size());
      assertThat(after).allMatch(a -> a.status() == 503 || a.status() == -1);
      assertThat(after).noneMatch(a -> a.body().contains("Powered by Jetty"));
    }
  }

  @Test
  void atGraceExpiryTheRequestStillOpenGets503WithRetryAfterAndTheProcessExitsZero() throws Exception {
    try (SampleProcess sample = SampleProcess.mainClass(Map.of("SHUTDOWN_GRACE_MS", "300", "DEMO_CONTROLS", "true",
        "RETRY_AFTER_SECONDS", "7"))) {
      Http http = new Http(sample.awaitPort());
      CompletableFuture<HttpResponse<String>> slow = http.getAsync("/slow?delayMs=60000");
      await().atMost(PATIENCE).until(() -> http.get("/metrics").body().contains("http_requests_in_flight 1.0"));

      assertThat(sample.sigterm()).isTrue();
      HttpResponse<String> answer = slow.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).hasValue("7");
      assertThat(answer.body()).contains("\"type\":\"draining\"").doesNotContain("Jetty");
      assertThat(sample.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(sample.process.exitValue()).isZero();
      assertThat(sample.outputText()).contains("grace period over, 1 requests answered 503");
    }
  }
}
