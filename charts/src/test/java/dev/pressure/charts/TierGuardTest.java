package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart refuses values that break HPA target < readiness threshold < shed threshold,
 * naming the keys and the numbers, and a grace period too short to drain in.
 */
class TierGuardTest {

  @Test
  void latencyTargetMustBeBelowTheReadinessThreshold() {
    String error = HelmChart.renderError("autoscaling: {latency: {targetMilliseconds: 400}}");

    assertThat(error).contains(
        "tier order broken",
        "autoscaling.latency.targetMilliseconds (400 ms)",
        "app.requestDurationMs * app.readinessMultiplier (200 * 2 = 400 ms)");
  }

  @Test
  void readinessThresholdMustBeBelowTheShedThreshold() {
    String error = HelmChart.renderError("app: {readinessMultiplier: 4, shedMultiplier: 3}");

    assertThat(error).contains(
        "tier order broken",
        "app.readinessMultiplier (4) >= app.shedMultiplier (3)",
        "latency 800 ms >= 600 ms",
        "queue ratio 4 >= 3");
  }

  @Test
  void queueTargetMustBeBelowTheReadinessMultiplier() {
    String error = HelmChart.renderError("autoscaling: {metric: queueRatio, queueRatio: {target: 2}}");

    assertThat(error).contains("tier order broken", "autoscaling.queueRatio.target (2) >= app.readinessMultiplier (2)");
  }

  @Test
  void fractionalMultipliersAreComparedAsNumbers() {
    // 200 ms * 1.5 = 300 ms: a 300 ms target no longer trips first; 1.51 gives 302 ms.
    assertThat(HelmChart.renderError("app: {readinessMultiplier: 1.5}"))
        .contains("(200 * 1.5 = 300 ms)");
    assertThat(HelmChart.render("app: {readinessMultiplier: 1.51}").env("READINESS_MULTIPLIER"))
        .isEqualTo("1.51");
    assertThat(HelmChart.render("autoscaling: {metric: queueRatio, queueRatio: {target: 1.99}}")
        .one("HorizontalPodAutoscaler").at("/spec/metrics/0/pods/target/averageValue").asText())
        .isEqualTo("1990m");
  }

  @Test
  void integersFromSetAreComparedLikeFloatsFromFiles() {
    Map<String, Object> values = Map.of("app.requestDurationMs", 100);

    assertThat(assertRenderFails(values))
        .contains("autoscaling.latency.targetMilliseconds (300 ms)", "(100 * 2 = 200 ms)");
  }

  @Test
  void unusedHpaTargetsAreNotChecked() {
    // The queue target is irrelevant while the HPA scales on latency, and both are while it is off.
    assertThat(HelmChart.render("autoscaling: {queueRatio: {target: 10}}").find("HorizontalPodAutoscaler")).isPresent();
    assertThat(HelmChart.render("autoscaling: {enabled: false, latency: {targetMilliseconds: 5000}}")
        .find("HorizontalPodAutoscaler")).isEmpty();
    assertThat(HelmChart.renderError("autoscaling: {enabled: false}\napp: {shedMultiplier: 2}"))
        .contains("app.readinessMultiplier (2) >= app.shedMultiplier (2)");
  }

  @Test
  void minReplicasMustNotExceedMaxReplicas() {
    assertThat(HelmChart.renderError("autoscaling: {minReplicas: 5, maxReplicas: 4}"))
        .contains("autoscaling.minReplicas (5) must not exceed autoscaling.maxReplicas (4)");
  }

  @Test
  void gracePeriodMustCoverReadinessPeriodAndDrain() {
    assertThat(HelmChart.renderError("terminationGracePeriodSeconds: 13")).contains(
        "terminationGracePeriodSeconds (13) must exceed",
        "lifecycle.preStopSleepSeconds + app.shutdownGraceMs/1000 + probes.readiness.periodSeconds (0 + 10 + 3 = 13 s)");
    assertThat(HelmChart.renderError("lifecycle: {preStopSleepSeconds: 10}"))
        .contains("terminationGracePeriodSeconds (20) must exceed", "(10 + 10 + 3 = 23 s)");
    assertThat(HelmChart.renderError("app: {shutdownGraceMs: 17500}"))
        .contains("(0 + 17.5 + 3 = 20.5 s)");
  }

  private static String assertRenderFails(Map<String, Object> values) {
    try {
      HelmChart.renderWithSet(values);
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected rendering to fail with --set " + values);
  }
}
