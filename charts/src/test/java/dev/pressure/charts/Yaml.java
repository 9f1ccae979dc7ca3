package dev.pressure.charts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** YAML and JSON parsing for tests, as Jackson trees. */
final class Yaml {

  static final ObjectMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new JsonMapper();

  private Yaml() {}

  static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static JsonNode parse(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not YAML: " + yaml, e);
    }
  }

  /** Every document of a multi-document stream, skipping empty ones. */
  static List<JsonNode> parseAll(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      var iterator = YAML.readValues(parser, JsonNode.class);
      while (iterator.hasNext()) {
        JsonNode document = iterator.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse rendered manifests", e);
    }
    return documents;
  }
}
