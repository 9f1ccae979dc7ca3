package dev.pressure.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import dev.pressure.TestSeams;
import dev.pressure.Thresholds;
import dev.pressure.servlet.support.JsonReader;
import dev.pressure.servlet.support.Stubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * Every status body comes from one snapshot, judged once; the values the handler and the status
 * report are the ones compared.
 */
class OneSnapshotTest {

  /**
   * Three sampled signals that all carry the sample's number, and a tier that trips on odd
   * samples: a body that mixed two snapshots would show two numbers or a verdict of the other.
   */
  @Test
  void everyStatusBodyIsFromOneSnapshotWhileSamplesArePublishedContinuously() throws Exception {
    AtomicLong n = new AtomicLong();
    PressureMonitor m = TestSeams.manual(() -> 1, () -> -1)
        .signal("a", n::incrementAndGet)
        .signal("b", n::get)
        .signal("odd", () -> n.get() % 2)
        .tier("odd", Thresholds.builder().maxSignal("odd", 0.5).build())
        .build();
    AtomicBoolean stop = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!stop.get()) {
        TestSeams.sampleNow(m); // far more often than once a millisecond
      }
    });
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler ctx = new ServletContextHandler();
    ctx.addServlet(new ServletHolder(new StatusServlet(m, "odd")), "/status");
    server.setHandler(ctx);
    try {
      server.start();
      TestSeams.sampleNow(m);
      sampler.start();
      HttpClient http = HttpClient.newHttpClient();
      URI status = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/status");
      long distinct = 0;
      long last = -1;
      for (int i = 0; i < 500; i++) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(status).build(),
            HttpResponse.BodyHandlers.ofString());
        Map<String, Object> body = JsonReader.object(response.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> signals = (Map<String, Object>) body.get("signals");
        @SuppressWarnings("unchecked")
        Map<String, Object> tiers = (Map<String, Object>) body.get("tiers");
        double seq = (Double) body.get("sequence");
        boolean odd = ((long) seq) % 2 == 1;
        assertThat(signals).as("body %d", i).containsEntry("a", seq).containsEntry("b", seq)
            .containsEntry("odd", odd ? 1.0 : 0.0);
        assertThat(tiers.get("odd")).as("body %d", i).isEqualTo(odd ? "odd" : null);
        assertThat(body.get("type")).isEqualTo(odd ? "odd" : null);
        assertThat(response.statusCode()).isEqualTo(odd ? 503 : 200);
        distinct += (long) seq != last ? 1 : 0;
        last = (long) seq;
      }
      assertThat(distinct).as("the sampler really published while the bodies were written").isGreaterThan(1);
    } finally {
      stop.set(true);
      sampler.join();
      server.stop();
      m.close();
    }
  }

  @Test
  void withHeapUsedAfterGcTheHandlerAndStatusSeeTheComparedHeap() throws Exception {
    try (PressureMonitor m = TestSeams.manual(() -> 9_000, () -> 6_000).heapUsedAfterGc(true)
        .maxHeapUsedBytes(5_000).build()) {
      TestSeams.sampleNow(m);
      double[] seen = {Double.NaN};
      UnderPressureFilter filter = UnderPressureFilter.builder(m).pressureHandler((req, resp, type, value) -> {
        assertThat(type).isEqualTo(PressureType.HEAP_USED_BYTES);
        seen[0] = value;
        return PressureHandler.Outcome.ANSWERED;
      }).build();
      filter.doFilter(new Stubs.Request("/a", null), new Stubs.Response(false), (req, res) -> { });
      assertThat(seen[0]).as("the handler's value").isEqualTo(6_000);

      String json = dev.pressure.servlet.internal.StatusJson.render(m, m.read(), "default", false);
      Map<String, Object> body = JsonReader.object(json);
      assertThat(body.get("heapUsed")).as("status heapUsed").isEqualTo(6_000.0);
      assertThat(body.get("heapAfterGc")).isEqualTo(6_000.0);
      assertThat(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).doesNotContain("9000");
    }
  }
}
