package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** files/alerts.yaml is valid, does what alerts-test.yaml says, and is well annotated. */
class AlertRulesTest {

  private static final List<String> ALERTS =
      List.of("PressureSheddingBurst", "PressureSheddingSustained", "PressureReadinessFailing",
          "PressureAutoscalerMaxedOut", "PressureAutoscalerMetricUnavailable");

  @Test
  void passesPromtoolCheckRules() {
    ProcessRunner.Result result = Promtool.checkRules(ChartPaths.alerts());

    assertThat(result.exitCode()).as("promtool check rules:\n%s", result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 5 rules found");
  }

  @Test
  void passesItsPromtoolUnitTests() {
    ProcessRunner.Result result = Promtool.testRules(ChartPaths.alertsTest());

    assertThat(result.exitCode()).as("promtool test rules:\n%s", result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void unitTestsCoverEveryAlertFiringAndSilent() {
    JsonNode tests = Yaml.read(ChartPaths.alertsTest()).path("tests");

    for (String alert : ALERTS) {
      List<JsonNode> cases = new ArrayList<>();
      tests.forEach(test -> test.path("alert_rule_test").forEach(c -> {
        if (alert.equals(c.path("alertname").asText())) {
          cases.add(c);
        }
      }));
      assertThat(cases).as("%s fires in some case", alert).anyMatch(c -> c.path("exp_alerts").size() > 0);
      assertThat(cases).as("%s stays silent in some case", alert).anyMatch(c -> c.path("exp_alerts").isEmpty());
    }
  }

  @Test
  void everyAlertHasSeveritySummaryDescriptionAndRunbook() {
    List<String> names = new ArrayList<>();
    for (JsonNode group : Yaml.read(ChartPaths.alerts()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name = rule.path("alert").asText();
        names.add(name);
        assertThat(rule.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
        assertThat(rule.at("/annotations/summary").asText()).as(name).isNotBlank();
        assertThat(rule.at("/annotations/description").asText()).as(name).isNotBlank();
        assertThat(rule.at("/annotations/runbook_url").asText())
            .as(name).endsWith("docs/kubernetes.md#" + name.toLowerCase());
        assertThat(rule.path("for").asText()).as(name).isNotBlank();
      }
    }
    assertThat(names).containsExactlyElementsOf(ALERTS);
  }
}
