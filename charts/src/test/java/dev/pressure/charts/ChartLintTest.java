package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

  @Test
  void passesHelmLintStrict() {
    LintResult result = HelmChart.lintStrict();

    assertThat(result.isFailed()).as("helm lint --strict:\n%s", String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void rendersWithDefaultValues() {
    RenderedChart chart = HelmChart.render();

    assertThat(chart.kinds())
        .containsExactly("Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service");
  }
}
