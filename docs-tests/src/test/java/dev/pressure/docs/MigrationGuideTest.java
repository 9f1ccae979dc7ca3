package dev.pressure.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import dev.pressure.servlet.UnderPressureFilter;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * docs/migration-from-under-pressure.md maps every option and API of
 * {@code @fastify/under-pressure} (v9), the type strings it says are the same are the same,
 * and the 503 it shows is what the filter sends.
 */
class MigrationGuideTest {

  /** under-pressure's options and API, from its README and index.js. */
  static final List<String> UNDER_PRESSURE = List.of(
      "maxEventLoopDelay", "maxEventLoopUtilization", "maxHeapUsedBytes", "maxRssBytes", "healthCheck",
      "healthCheckInterval", "sampleInterval", "exposeStatusRoute", "pressureHandler", "message", "retryAfter",
      "customError", "isUnderPressure()", "memoryUsage()", "TYPE_EVENT_LOOP_DELAY", "TYPE_HEAP_USED_BYTES",
      "TYPE_RSS_BYTES", "TYPE_HEALTH_CHECK", "TYPE_EVENT_LOOP_UTILIZATION");

  private static final String DOC = Docs.read(Docs.ROOT.resolve("docs/migration-from-under-pressure.md"));
  private static final Pattern SAME_STRING = Pattern.compile("same string, `\"(\\w+)\"`");
  private static final Pattern CONSTANT = Pattern.compile("PressureType\\.([A-Z_]+)");

  private final List<Map<String, String>> rows = rows();

  private static List<Map<String, String>> rows() {
    List<Map<String, String>> out = new ArrayList<>();
    MarkdownTable.withHeader(DOC, "under-pressure", "pressure", "differences").forEach(t -> out.addAll(t.rows()));
    return out;
  }

  @Test
  void everyOptionAndApiHasARowWithItsCounterpartAndDifferences() {
    List<String> mapped = new ArrayList<>();
    for (Map<String, String> row : rows) {
      List<String> names = MarkdownTable.code(row.get("under-pressure"));
      assertThat(names).as("row %s", row).hasSize(1);
      assertThat(row.get("pressure")).as("counterpart of %s", names).isNotBlank();
      assertThat(row.get("differences")).as("differences of %s", names).isNotBlank();
      mapped.add(names.get(0));
    }

    assertThat(mapped).containsExactlyInAnyOrderElementsOf(UNDER_PRESSURE);
  }

  @Test
  void typeConstantsHaveUnderPressuresStrings() throws ReflectiveOperationException {
    int checked = 0;
    for (Map<String, String> row : rows) {
      String name = MarkdownTable.code(row.get("under-pressure")).get(0);
      if (!name.startsWith("TYPE_")) {
        continue;
      }
      Matcher constant = CONSTANT.matcher(row.get("pressure"));
      Matcher string = SAME_STRING.matcher(row.get("differences"));
      assertThat(constant.find()).as(name).isTrue();
      assertThat(string.find()).as(name).isTrue();
      assertThat(constant.group(1)).as("constant named like under-pressure's").isEqualTo(name.substring("TYPE_".length()));
      PressureType type = (PressureType) PressureType.class.getField(constant.group(1)).get(null);
      assertThat(type.name()).as(name).isEqualTo(string.group(1));
      checked++;
    }
    assertThat(checked).isEqualTo(5);
  }

  @Test
  void theShedAnswerShownIsTheFiltersOwn() throws Exception {
    Matcher shown = Pattern.compile("`(\\{\"code\":\"UNDER_PRESSURE\"[^`]*)`").matcher(DOC);
    assertThat(shown.find()).as("the 503 body in the guide").isTrue();

    try (PressureMonitor monitor = PressureMonitor.builder()
        .liveSignal("always", () -> 1)
        .maxSignal("always", 0)
        .build()) {
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.addFilter(new FilterHolder(UnderPressureFilter.builder(monitor).build()), "/*",
          EnumSet.of(DispatcherType.REQUEST));
      server.setHandler(context);
      server.start();
      try {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/anything")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("10");
        assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(answer.body()).isEqualTo(shown.group(1)
            .replace("\"message\":...", "\"message\":\"Service Unavailable\"")
            .replace("heapUsedBytes", "always"));
      } finally {
        server.stop();
      }
    }
  }
}
