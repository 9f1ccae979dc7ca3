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
        "autoscaling.latency.targetMilliseconds x (1 + autoscaling.tolerance) (400 x 1.1 = 440 ms)",
        "app.requestDurationMs * app.readinessMultiplier (200 * 2 = 400 ms)");
  }

  @Test
  void theHpaToleranceCounts() {
    // 370 ms is below the 400 ms readiness threshold, but the HPA acts only above 407 ms.
    assertThat(HelmChart.renderError("autoscaling: {latency: {targetMilliseconds: 370}}"))
        .contains("(370 x 1.1 = 407 ms) >= app.requestDurationMs * app.readinessMultiplier (200 * 2 = 400 ms)");
    assertThat(HelmChart.render("autoscaling: {tolerance: 0.05, latency: {targetMilliseconds: 370}}")
        .one("HorizontalPodAutoscaler").at("/spec/metrics/0/pods/target/averageValue").asText()).isEqualTo("370m");
    assertThat(HelmChart.renderError("autoscaling: {metric: queueRatio, queueRatio: {target: 1.9}}"))
        .contains("autoscaling.queueRatio.target x (1 + autoscaling.tolerance) (1.9 x 1.1 = 2.09") ;
  }

  @Test
  void saturationTargetMustLeaveTheGateRoom() {
    assertThat(HelmChart.renderError("autoscaling: {metric: saturation, saturation: {target: 0.95}}"))
        .contains("tier order broken", "autoscaling.saturation.target x (1 + autoscaling.tolerance) (0.95 x 1.1 = 1.045", ">= 1");
    assertThat(HelmChart.render("autoscaling: {metric: saturation, saturation: {target: 0.9}}")
        .one("HorizontalPodAutoscaler").at("/spec/metrics/0/pods/target/averageValue").asText()).isEqualTo("900m");
  }

  @Test
  void latencyQuantileMustBeTheAdapterRulesQuantile() {
    assertThat(HelmChart.renderError("app: {latencyQuantile: 0.99}")).contains(
        "app.latencyQuantile (0.99) must be the quantile the prometheus-adapter rules select",
        "quantile=\"0.999\"");
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

    assertThat(error).contains("tier order broken",
        "autoscaling.queueRatio.target x (1 + autoscaling.tolerance) (2 x 1.1 = 2.2", ">= app.readinessMultiplier (2)");
  }

  @Test
  void fractionalMultipliersAreComparedAsNumbers() {
    // 200 ms * 1.65 = 330 ms: the 300 ms target acts at 330 ms, no longer first; 1.66 gives 332 ms.
    assertThat(HelmChart.renderError("app: {readinessMultiplier: 1.65}"))
        .contains("(200 * 1.65 = 330 ms)");
    assertThat(HelmChart.render("app: {readinessMultiplier: 1.66}").env("READINESS_MULTIPLIER"))
        .isEqualTo("1.66");
    assertThat(HelmChart.render("autoscaling: {metric: queueRatio, queueRatio: {target: 1.81}}")
        .one("HorizontalPodAutoscaler").at("/spec/metrics/0/pods/target/averageValue").asText())
        .isEqualTo("1810m");
  }

  @Test
  void integersFromSetAreComparedLikeFloatsFromFiles() {
    Map<String, Object> values = Map.of("app.requestDurationMs", 100);

    assertThat(assertRenderFails(values))
        .contains("(300 x 1.1 = 330 ms)", "(100 * 2 = 200 ms)");
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
  void gracePeriodMustCoverDelayGraceAndMargin() {
    assertThat(HelmChart.renderError("terminationGracePeriodSeconds: 16")).contains(
        "terminationGracePeriodSeconds (16) must be at least",
        "lifecycle.preStopSleepSeconds + app.shutdownDelayMs/1000 + app.shutdownGraceMs/1000"
            + " + terminationMarginSeconds (0 + 5 + 10 + 2 = 17 s)");
    assertThat(HelmChart.render("terminationGracePeriodSeconds: 17").one("Deployment")
        .at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(17);
    assertThat(HelmChart.renderError("lifecycle: {preStopSleepSeconds: 10}"))
        .contains("terminationGracePeriodSeconds (20) must be at least", "(10 + 5 + 10 + 2 = 27 s)");
    assertThat(HelmChart.renderError("app: {shutdownGraceMs: 13500}"))
        .contains("(0 + 5 + 13.5 + 2 = 20.5 s)");
    assertThat(HelmChart.renderError("app: {shutdownDelayMs: 8500}"))
        .contains("(0 + 8.5 + 10 + 2 = 20.5 s)");
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
