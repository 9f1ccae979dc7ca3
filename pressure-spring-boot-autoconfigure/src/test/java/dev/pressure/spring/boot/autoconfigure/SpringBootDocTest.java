package dev.pressure.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** docs/spring-boot.md lists exactly the properties of the generated metadata, with its defaults. */
class SpringBootDocTest {

  static final Path GUIDE = Path.of("..", "docs", "spring-boot.md");
  private static final Pattern ROW = Pattern.compile("^\\| `(pressure\\.[a-z.-]+)` \\|([^|]*)\\|", Pattern.MULTILINE);

  @Test
  void thePropertyTableIsTheMetadata() throws Exception {
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher m = ROW.matcher(Files.readString(GUIDE));
    while (m.find()) {
      documented.put(m.group(1), m.group(2).trim().replace("`", ""));
    }
    JsonNode metadata;
    try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      metadata = new ObjectMapper().readTree(in);
    }
    Map<String, String> generated = new LinkedHashMap<>();
    for (JsonNode p : metadata.get("properties")) {
      generated.put(p.get("name").asString(), p.has("defaultValue") ? p.get("defaultValue").asString() : null);
    }
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(generated.keySet());
    for (Map.Entry<String, String> e : generated.entrySet()) {
      if (e.getValue() != null) {
        assertThat(documented.get(e.getKey())).as("default of " + e.getKey()).isEqualToIgnoringCase(e.getValue());
      }
    }
    assertThat(List.copyOf(generated.keySet())).contains("pressure.max-heap-used-bytes", "pressure.tiers");
  }
}
