package dev.pressure.charts;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real {@code prometheus} server for tests, on a loopback port, with its storage and log
 * in a directory the test owns. Every wait is bounded, and {@link #close()} always ends the
 * process: use it in try-with-resources or an {@code @AfterAll}.
 *
 * <pre>{@code
 * try (PrometheusProcess prometheus = PrometheusProcess.start(config, tempDir)) {
 *   JsonNode result = prometheus.query("up");
 * }
 * }</pre>
 *
 * The binary is found by {@link ExternalTool}: env PROMETHEUS, PATH, or /usr/bin.
 */
public final class PrometheusProcess implements AutoCloseable {

  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Process process;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

  private PrometheusProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts Prometheus on a free loopback port; see {@link #start(Path, Path, int)}. */
  public static PrometheusProcess start(Path configFile, Path workDir) {
    return start(configFile, workDir, freeLoopbackPort());
  }

  /**
   * Starts Prometheus with this configuration on 127.0.0.1:port, storing its data in
   * workDir/data and its log in workDir/prometheus.log, and returns once it is ready.
   * Pass the port when the configuration must name it (e.g. to scrape Prometheus itself).
   */
  public static PrometheusProcess start(Path configFile, Path workDir, int port) {
    Path log = workDir.resolve("prometheus.log");
    Process process;
    try {
      Path storage = Files.createDirectories(workDir.resolve("data"));
      process = new ProcessBuilder(List.of(
              ExternalTool.prometheus().toString(),
              "--config.file=" + configFile.toAbsolutePath(),
              "--storage.tsdb.path=" + storage.toAbsolutePath(),
              "--web.listen-address=127.0.0.1:" + port))
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start prometheus", e);
    }
    PrometheusProcess prometheus = new PrometheusProcess(process, port, log);
    try {
      prometheus.awaitReady();
      return prometheus;
    } catch (RuntimeException | Error e) {
      prometheus.close();
      throw e;
    }
  }

  /**
   * A loopback port free right now. Another process may take it before Prometheus binds it;
   * Prometheus then exits and {@link #start} fails with its log.
   */
  public static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  public int port() {
    return port;
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /**
   * Runs an instant query and returns {@code data.result}: for a vector an array of
   * {@code {metric: {...}, value: [time, "value"]}}.
   */
  public JsonNode query(String promql) {
    return data("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
  }

  /**
   * The label sets of the series matching this selector, as an array: how
   * prometheus-adapter discovers the series of a rule's seriesQuery.
   */
  public JsonNode series(String selector) {
    return data("/api/v1/series?match%5B%5D=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
  }

  private JsonNode data(String pathAndQuery) {
    String body = get(pathAndQuery);
    JsonNode response;
    try {
      response = Yaml.JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON from " + pathAndQuery + ": " + body, e);
    }
    if (!"success".equals(response.path("status").asText())) {
      throw new IllegalStateException(pathAndQuery + " failed: " + body);
    }
    return response.path("data");
  }

  /** The log so far, for failure messages. */
  public String log() {
    return ProcessRunner.readLog(log);
  }

  /** Stops Prometheus: SIGTERM, then SIGKILL if it has not exited in time. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    try {
      await("prometheus on port " + port + " ready")
          .atMost(STARTUP_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(this::isReady);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "prometheus on port " + port + " not ready within " + STARTUP_TIMEOUT + "; its log:\n" + log(), e);
    }
  }

  private boolean isReady() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "prometheus exited with " + process.exitValue() + " before it was ready:\n" + log());
    }
    try {
      HttpResponse<Void> response = http.send(request("/-/ready"), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false; // Not listening yet.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String get(String pathAndQuery) {
    try {
      HttpResponse<String> response = http.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + pathAndQuery + " failed; prometheus log:\n" + log(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(baseUri().resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT).GET().build();
  }
}
