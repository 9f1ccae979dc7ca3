package dev.pressure.charts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One custom rule of prometheus-adapter-values.yaml, and the PromQL the adapter sends to
 * Prometheus for it. Immutable.
 *
 * <p>{@link #metricsQuery} fills the {@code <<.Series>>}, {@code <<.LabelMatchers>>} and
 * {@code <<.GroupBy>>} templates as prometheus-adapter's {@code metricsQuery.Build} does when
 * the HPA asks for a metric of the pods of a namespace: the namespace matcher, then
 * {@code pod="a"} for one pod or {@code pod=~"a|b"} for several (the pods the HPA's selector
 * lists), grouped by {@code pod}.
 */
final class AdapterRule {

  private final JsonNode rule;

  private AdapterRule(JsonNode rule) {
    this.rule = rule;
  }

  /** The rule of the chart's adapter values that serves this custom metric ({@code name.as}). */
  static AdapterRule serving(String metric) {
    return serving(Yaml.read(ChartPaths.adapterValues()), metric);
  }

  static AdapterRule serving(JsonNode adapterValues, String metric) {
    for (JsonNode rule : adapterValues.at("/rules/custom")) {
      if (metric.equals(rule.at("/name/as").asText())) {
        return new AdapterRule(rule);
      }
    }
    throw new AssertionError("no adapter rule serves " + metric);
  }

  JsonNode yaml() {
    return rule;
  }

  /**
   * The Prometheus series the rule reads: the metric name of its seriesQuery, which is what
   * the adapter discovers and passes as {@code <<.Series>>} (its name.matches keeps it whole).
   */
  String series() {
    String seriesQuery = rule.path("seriesQuery").asText();
    int brace = seriesQuery.indexOf('{');
    return (brace < 0 ? seriesQuery : seriesQuery.substring(0, brace)).strip();
  }

  /** The query the adapter runs when the HPA asks for these pods of this namespace. */
  String metricsQuery(String namespace, List<String> pods) {
    if (pods.isEmpty()) {
      throw new IllegalArgumentException("the adapter asks about at least one pod");
    }
    String podMatcher = pods.size() == 1
        ? "pod=\"" + pods.get(0) + "\""
        : "pod=~\"" + String.join("|", pods) + "\"";
    return rule.path("metricsQuery").asText()
        .replace("<<.Series>>", series())
        .replace("<<.LabelMatchers>>", "namespace=\"" + namespace + "\"," + podMatcher)
        .replace("<<.GroupBy>>", "pod");
  }
}
