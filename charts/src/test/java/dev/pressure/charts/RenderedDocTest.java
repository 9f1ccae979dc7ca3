package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/kubernetes-rendered.yaml shows what the chart renders with default values; this test
 * keeps it from drifting from the chart.
 */
class RenderedDocTest {

  static final String REGENERATE_PROPERTY = "pressure.regenerateDocs";
  static final String RELEASE = "pressure-sample";

  private static final String HEADER =
      "# What `helm template " + RELEASE + " charts/pressure-sample --namespace "
          + HelmChart.NAMESPACE + " --kube-version " + HelmChart.KUBE_VERSION + "` renders\n"
          + "# with the chart's default values. Generated; do not edit. Regenerate with:\n"
          + "#   mvn -B -pl charts verify -D" + REGENERATE_PROPERTY + "=true\n";

  @Test
  void committedRenderingMatchesTheChart() throws IOException {
    String expected = HEADER + HelmChart.renderText(RELEASE);
    Path doc = ChartPaths.renderedDoc();
    if (Boolean.getBoolean(REGENERATE_PROPERTY)) {
      Files.writeString(doc, expected);
    }

    String howToFix = doc + " is out of date with charts/pressure-sample. Regenerate it with\n"
        + "  mvn -B -pl charts verify -D" + REGENERATE_PROPERTY + "=true\n"
        + "and commit the result.";
    assertThat(doc).as(howToFix).exists();
    assertThat(Files.readString(doc)).as(howToFix).isEqualTo(expected);
  }
}
