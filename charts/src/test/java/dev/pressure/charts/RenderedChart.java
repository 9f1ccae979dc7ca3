package dev.pressure.charts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The manifests of one {@code helm template} run, looked up by kind. */
final class RenderedChart {

  private final List<JsonNode> manifests;

  private RenderedChart(List<JsonNode> manifests) {
    this.manifests = List.copyOf(manifests);
  }

  static RenderedChart parse(String rendered) {
    return new RenderedChart(Yaml.parseAll(rendered));
  }

  List<JsonNode> manifests() {
    return manifests;
  }

  List<String> kinds() {
    return manifests.stream().map(m -> m.path("kind").asText()).sorted().collect(Collectors.toList());
  }

  Optional<JsonNode> find(String kind) {
    List<JsonNode> matches =
        manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).collect(Collectors.toList());
    if (matches.size() > 1) {
      throw new AssertionError("more than one " + kind + " rendered");
    }
    return matches.stream().findFirst();
  }

  /** The only manifest of this kind; fails when there is none. */
  JsonNode one(String kind) {
    return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered, only " + kinds()));
  }

  JsonNode container() {
    return one("Deployment").at("/spec/template/spec/containers/0");
  }

  /** The container's env var value, or null when the variable is not set. */
  String env(String name) {
    for (JsonNode env : container().path("env")) {
      if (name.equals(env.path("name").asText())) {
        return env.path("value").asText();
      }
    }
    return null;
  }
}
