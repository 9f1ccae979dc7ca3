package dev.pressure.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The program of docs/getting-started.md, compiled from the guide, serves what the guide says
 * it serves: {@code /hello} through the filter, the three probes, and the {@code curl}
 * answers shown; stopping the server stops the monitor's threads.
 */
class GettingStartedAppTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theGuidesAppServesAndProbesAndStopsCleanly() throws Exception {
    Class<?> app = JavaSnippetsTest.compiledClass("docs/getting-started.md",
        "no-run serves until stopped; GettingStartedAppTest starts it on a free port");
    Method start = app.getDeclaredMethod("start", String.class, int.class);
    start.setAccessible(true);
    Set<String> threadsBefore = monitorThreads();

    Server server = (Server) start.invoke(null, "127.0.0.1", 0);
    try {
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();

      HttpResponse<String> hello = get(port, "/hello");
      assertThat(hello.statusCode()).isEqualTo(200);
      assertThat(hello.body()).isEqualTo("hello world");
      assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> status = get(port, "/status");
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.body()).startsWith("{\"status\":\"ok\",\"type\":null,\"tier\":\"default\",\"eventLoopDelay\":");
      assertThat(status.body()).contains("\"readiness\":null");
      assertThat(monitorThreads()).as("the guide's monitor is running").isNotEqualTo(threadsBefore);
      // Quantiles are exported from the first sample on (one sampleInterval after start), as the guide's curl sees them.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(get(port, "/metrics").body()).contains("http_request_duration_seconds{quantile=\"0.999\",}"));

      // Step 3's shedding: one request slower than maxLatency, then /hello is shed until it ages out.
      assertThat(get(port, "/slow?ms=1000").body()).isEqualTo("slow");
      await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/hello").statusCode() == 503);
      HttpResponse<String> shed = get(port, "/hello");
      assertThat(shed.headers().firstValue("Retry-After")).hasValue("10");
      assertThat(shed.body()).contains("\"code\":\"UNDER_PRESSURE\"", "\"type\":\"latency\"");
      assertThat(get(port, "/health/ready").statusCode()).isEqualTo(429);
      HttpResponse<String> metrics = get(port, "/metrics");
      assertThat(metrics.statusCode()).as("/metrics is excluded, never shed").isEqualTo(200);
      assertThat(metrics.body()).contains("pressure_under_pressure{tier=\"default\",type=\"latency\",} 1.0");
    } finally {
      server.stop();
    }
    assertThat(monitorThreads()).as("monitor threads after server.stop()").isEqualTo(threadsBefore);
  }

  @Test
  void theContextListenerSetupSharesTheMonitorWithMetrics() throws Exception {
    Class<?> setup = JavaSnippetsTest.compiledClass("docs/getting-started.md", "context-listener-metrics");
    Set<String> threadsBefore = monitorThreads();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServletContainerInitializer(
        (ServletContainerInitializer) setup.getDeclaredConstructor().newInstance());
    server.setHandler(context);
    server.start();
    try {
      HttpResponse<String> metrics = get(connector.getLocalPort(), "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("pressure_under_pressure{tier=\"default\",type=\"latency\",} 0.0",
          "http_request_duration_seconds_count");
    } finally {
      server.stop();
    }
    assertThat(monitorThreads()).as("the listener closed the monitor").isEqualTo(threadsBefore);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static Set<String> monitorThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("pressure-")).collect(Collectors.toCollection(TreeSet::new));
  }
}
