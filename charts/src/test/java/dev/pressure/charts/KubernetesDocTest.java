package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/kubernetes.md stays true to the chart: its commands render, its links and tables hold. */
class KubernetesDocTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
  private static final Pattern SET = Pattern.compile("--set ([^=\\s]+)=(\\S+)");
  private static final String CHART_COMMAND = "pressure-sample charts/pressure-sample";

  private final String doc = read(ChartPaths.kubernetesDoc());

  @Test
  void relativeLinksPointAtExistingFiles() {
    Matcher link = LINK.matcher(doc);
    int checked = 0;
    while (link.find()) {
      String target = link.group(1);
      if (!target.startsWith("http")) {
        assertThat(ChartPaths.kubernetesDoc().resolveSibling(target).normalize()).as(link.group()).exists();
        checked++;
      }
    }
    assertThat(checked).isPositive();
  }

  @Test
  void helmCommandsForTheChartRender() {
    List<String> commands = chartCommands();

    assertThat(commands).hasSizeGreaterThanOrEqualTo(3);
    for (String command : commands) {
      Map<String, Object> values = new LinkedHashMap<>();
      Matcher set = SET.matcher(command);
      while (set.find()) {
        values.put(set.group(1), set.group(2));
      }
      assertThat(HelmChart.renderWithSet(values).kinds()).as(command).contains("Deployment");
    }
  }

  @Test
  void tierOrderErrorShownIsTheChartsError() {
    int start = doc.indexOf("$ helm template " + CHART_COMMAND + " --set autoscaling.latency.targetMilliseconds=450");
    String shown = doc.substring(doc.indexOf("Error: ", start) + "Error: ".length(), doc.indexOf("```", start));

    String actual = HelmChart.renderError("autoscaling: {latency: {targetMilliseconds: 450}}");

    assertThat(oneLine(actual)).startsWith(oneLine(shown));
  }

  @Test
  void valuesTableListsEveryAppSettingWithItsDefault() {
    JsonNode app = Yaml.read(ChartPaths.chart().resolve("values.yaml")).path("app");
    Map<String, String> envByKey = new LinkedHashMap<>();
    HelmChart.render().container().path("env").forEach(e -> envByKey.put(e.path("name").asText(), e.path("value").asText()));

    app.fieldNames().forEachRemaining(key -> {
      String env = key.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(); // expensiveOpMs -> EXPENSIVE_OP_MS
      assertThat(envByKey).as("env var for app.%s", key).containsKey(env);
      assertThat(doc).as("values table row of app.%s", key)
          .containsPattern("\\| `app\\." + key + "` \\| `" + env + "`[^|]*\\| `" + Pattern.quote(envByKey.get(env)) + "` \\|");
    });
  }

  @Test
  void everyAlertHasARunbookSection() {
    for (JsonNode rule : Yaml.read(ChartPaths.alerts()).at("/groups/0/rules")) {
      assertThat(doc).contains("\n### " + rule.path("alert").asText() + "\n");
    }
  }

  /** helm install/upgrade commands of this chart in the doc, continuation lines joined. */
  private List<String> chartCommands() {
    List<String> commands = new ArrayList<>();
    for (String line : doc.replace("\\\n", " ").split("\n")) {
      String trimmed = line.strip();
      if ((trimmed.startsWith("helm install ") || trimmed.startsWith("helm upgrade "))
          && trimmed.contains(CHART_COMMAND)) {
        commands.add(trimmed);
      }
    }
    return commands;
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }
}
