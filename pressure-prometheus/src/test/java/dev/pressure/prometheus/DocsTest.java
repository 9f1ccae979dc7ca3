package dev.pressure.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.PressureMonitor;
import dev.pressure.StalePolicy;
import io.prometheus.client.CollectorRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/metrics.md lists exactly the metrics a scrape has, and its wiring snippet is the tested code. */
class DocsTest {

  private static final Path DOC = Paths.get("..", "docs", "metrics.md");
  private static final Path EXAMPLE =
      Paths.get("src", "test", "java", "dev", "pressure", "prometheus", "MetricsEndpointExample.java");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z_:]+)` \\| (\\w+) \\| ([^|]+) \\|");

  @Test
  void theMetricsTableListsEveryScrapedMetricWithItsType() throws IOException {
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher m = ROW.matcher(Files.readString(DOC));
    while (m.find()) {
      documented.put(m.group(1), m.group(2));
      assertThat(m.group(3).trim()).as("unit of %s", m.group(1)).isNotEmpty();
    }
    Map<String, String> scraped;
    try (PressureMonitor monitor = PressureMonitor.builder()
        .sampleInterval(Duration.ofHours(1))
        .stalePolicy(StalePolicy.FAIL_CLOSED) // so every tier has an under-pressure series
        .build()) {
      CollectorRegistry registry = new CollectorRegistry();
      PressureCollector.builder(monitor).build().register(registry);
      scraped = Exposition.scrape(registry).type;
    }

    assertThat(documented).isEqualTo(scraped);
  }

  @Test
  void theWiringSnippetIsTheCodeTheEndToEndTestRuns() throws IOException {
    String source = Files.readString(EXAMPLE);
    String block = source.substring(source.indexOf("// docs:metrics-servlet:begin\n"),
        source.indexOf("    // docs:metrics-servlet:end"));
    List<String> lines = block.lines().skip(1).map(line -> line.length() >= 4 ? line.substring(4) : line)
        .collect(Collectors.toList());
    String snippet = "```java\n" + String.join("\n", lines) + "\n```\n";

    assertThat(lines).hasSizeGreaterThan(3);
    assertThat(Files.readString(DOC)).contains(snippet);
  }
}
