package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * prometheus-adapter-values.yaml serves exactly the metrics the HPA asks for, and its
 * queries, expanded the way the adapter expands them, pick each pod's value.
 */
class AdapterRulesTest {

  private static final String LATENCY = "http_request_duration_seconds";
  private static final String QUEUE = "queue_ratio";

  /** The pods the HPA asks about: the adapter matches them with pod=~"app-1|app-2". */
  private static final List<String> PODS = List.of("app-1", "app-2");

  private final JsonNode values = Yaml.read(ChartPaths.adapterValues());

  @Test
  void servesOnlyTheChartsHpaMetrics() {
    JsonNode chartValues = Yaml.read(ChartPaths.chart().resolve("values.yaml"));

    assertThat(values.at("/rules/default").asBoolean(true)).isFalse();
    assertThat(values.at("/rules/custom").findValuesAsText("as")).containsExactly(
        chartValues.at("/autoscaling/latency/metricName").asText(),
        chartValues.at("/autoscaling/queueRatio/metricName").asText(),
        chartValues.at("/autoscaling/saturation/metricName").asText(),
        chartValues.at("/autoscaling/inFlight/metricName").asText());
  }

  @Test
  void mapsNamespaceAndPodLabelsToKubernetesResources() {
    for (JsonNode rule : values.at("/rules/custom")) {
      assertThat(rule.at("/resources/overrides/namespace/resource").asText()).isEqualTo("namespace");
      assertThat(rule.at("/resources/overrides/pod/resource").asText()).isEqualTo("pod");
      assertThat(rule.path("metricsQuery").asText())
          .contains("<<.Series>>", "<<.LabelMatchers>>", "<<.GroupBy>>");
    }
  }

  @Test
  void latencyRuleSelectsTheP999() {
    JsonNode rule = rule(LATENCY);

    assertThat(rule.path("seriesQuery").asText()).contains(LATENCY, "quantile=\"0.999\"");
    assertThat(rule.path("metricsQuery").asText()).contains("quantile=\"0.999\"");
  }

  @Test
  void expandsTemplatesLikeTheAdapter() {
    AdapterRule rule = AdapterRule.serving(values, LATENCY);

    assertThat(rule.series()).isEqualTo(LATENCY);
    assertThat(rule.metricsQuery("default", List.of("app-1")))
        .isEqualTo("max(" + LATENCY + "{namespace=\"default\",pod=\"app-1\",quantile=\"0.999\"}) by (pod)");
    assertThat(rule.metricsQuery("default", PODS))
        .isEqualTo("max(" + LATENCY + "{namespace=\"default\",pod=~\"app-1|app-2\",quantile=\"0.999\"}) by (pod)");
  }

  @Test
  void expandedQueriesReturnEachRequestedPodsValue(@TempDir Path dir) throws IOException {
    Map<String, Object> test = Map.of(
        "rule_files", List.of(),
        "evaluation_interval", "1m",
        "tests", List.of(Map.of(
            "interval", "1m",
            "input_series", List.of(
                series(LATENCY + "{namespace=\"default\",pod=\"app-1\",quantile=\"0.999\"}", "0.5"),
                series(LATENCY + "{namespace=\"default\",pod=\"app-1\",quantile=\"0.5\"}", "0.2"),
                series(LATENCY + "{namespace=\"default\",pod=\"app-2\",quantile=\"0.999\"}", "0.25"),
                // Another namespace and a pod the HPA did not ask about.
                series(LATENCY + "{namespace=\"other\",pod=\"app-1\",quantile=\"0.999\"}", "9"),
                series(LATENCY + "{namespace=\"default\",pod=\"app-3\",quantile=\"0.999\"}", "9"),
                series(QUEUE + "{namespace=\"default\",pod=\"app-1\"}", "3"),
                series(QUEUE + "{namespace=\"default\",pod=\"app-2\"}", "0.5")),
            "promql_expr_test", List.of(
                exprTest(expand(LATENCY), Map.of("app-1", 0.5, "app-2", 0.25)),
                exprTest(expand(QUEUE), Map.of("app-1", 3.0, "app-2", 0.5))))));
    Path testFile = dir.resolve("adapter-test.yaml");
    Files.writeString(testFile, Yaml.YAML.writeValueAsString(test));

    ProcessRunner.Result result = Promtool.testRules(testFile);

    assertThat(result.exitCode())
        .as("promtool test rules %s:\n%s\n%s", testFile, Files.readString(testFile), result.output())
        .isZero();
  }

  private JsonNode rule(String metric) {
    return AdapterRule.serving(values, metric).yaml();
  }

  private String expand(String metric) {
    return AdapterRule.serving(values, metric).metricsQuery("default", PODS);
  }

  private static Map<String, String> series(String series, String value) {
    return Map.of("series", series, "values", value + "x5");
  }

  private static Map<String, Object> exprTest(String expr, Map<String, Double> byPod) {
    return Map.of(
        "expr", expr,
        "eval_time", "2m",
        "exp_samples", byPod.entrySet().stream()
            .map(e -> Map.of("labels", "{pod=\"" + e.getKey() + "\"}", "value", e.getValue()))
            .toList());
  }
}
