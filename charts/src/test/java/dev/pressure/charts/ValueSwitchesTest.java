package dev.pressure.charts;

import static dev.pressure.charts.DefaultRenderTest.labels;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each values switch changes what it says and nothing else breaks. */
class ValueSwitchesTest {

  @Test
  void queueRatioMetricScalesOnTheSandboxQueueAtTarget1() {
    JsonNode metric = HelmChart.render("autoscaling: {metric: queueRatio}")
        .one("HorizontalPodAutoscaler").at("/spec/metrics/0");

    assertThat(metric.path("type").asText()).isEqualTo("Pods");
    assertThat(metric.at("/pods/metric/name").asText()).isEqualTo("queue_ratio");
    assertThat(metric.at("/pods/target/type").asText()).isEqualTo("AverageValue");
    assertThat(metric.at("/pods/target/averageValue").asText()).isEqualTo("1");
  }

  @ParameterizedTest
  @CsvSource({"0.5, 500m", "1.25, 1250m", "1, 1"})
  void rendersTheQueueTargetAsAQuantity(String target, String quantity) {
    JsonNode hpa = HelmChart.render(
            "autoscaling: {metric: queueRatio, queueRatio: {target: " + target + "}}",
            "app: {readinessMultiplier: 3, shedMultiplier: 5}")
        .one("HorizontalPodAutoscaler");

    assertThat(hpa.at("/spec/metrics/0/pods/target/averageValue").asText()).isEqualTo(quantity);
  }

  @Test
  void latencyTargetIsRenderedInMilliUnitsOfSeconds() {
    JsonNode hpa = HelmChart.render("autoscaling: {latency: {targetMilliseconds: 250}, minReplicas: 2, maxReplicas: 10}")
        .one("HorizontalPodAutoscaler");

    assertThat(hpa.at("/spec/metrics/0/pods/target/averageValue").asText()).isEqualTo("250m");
    assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
    assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(10);
  }

  @Test
  void behaviorComesFromValues() {
    JsonNode behavior = HelmChart.render(
            "autoscaling: {behavior: {scaleDown: {stabilizationWindowSeconds: 60,"
                + " policies: [{type: Percent, value: 50, periodSeconds: 30}]}}}")
        .one("HorizontalPodAutoscaler").at("/spec/behavior");

    assertThat(behavior.at("/scaleDown/stabilizationWindowSeconds").asInt()).isEqualTo(60);
    assertThat(behavior.at("/scaleDown/policies/0/type").asText()).isEqualTo("Percent");
    assertThat(behavior.at("/scaleUp/policies").size()).as("scaleUp keeps its defaults").isPositive();
  }

  @Test
  void withoutAutoscalingTheDeploymentOwnsTheReplicaCount() {
    RenderedChart chart = HelmChart.render("autoscaling: {enabled: false}", "replicaCount: 3");

    assertThat(chart.find("HorizontalPodAutoscaler")).isEmpty();
    assertThat(chart.one("Deployment").at("/spec/replicas").asInt()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NodePort", "LoadBalancer"})
  void serviceTypeAndNodePortComeFromValues(String type) {
    JsonNode service = HelmChart.render("service: {type: " + type + ", nodePort: 31470}").one("Service");

    assertThat(service.at("/spec/type").asText()).isEqualTo(type);
    assertThat(service.at("/spec/ports/0/nodePort").asInt()).isEqualTo(31470);
  }

  @Test
  void nodePortIsLeftToKubernetesWhenEmpty() {
    JsonNode service = HelmChart.render("service: {type: NodePort}").one("Service");

    assertThat(service.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
  }

  @Test
  void serviceMonitorScrapesTheHttpPortOfTheService() {
    RenderedChart chart = HelmChart.render(
        "serviceMonitor: {enabled: true, assumeApiPresent: true, additionalLabels: {release: kube-prometheus-stack}}");
    JsonNode monitor = chart.one("ServiceMonitor");

    assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(labels(monitor.at("/metadata/labels"))).containsEntry("release", "kube-prometheus-stack");
    Map<String, String> selector = labels(monitor.at("/spec/selector/matchLabels"));
    assertThat(selector).isNotEmpty();
    assertThat(labels(chart.one("Service").at("/metadata/labels"))).containsAllEntriesOf(selector);
    assertThat(monitor.at("/spec/endpoints/0/port").asText())
        .isEqualTo(chart.one("Service").at("/spec/ports/0/name").asText());
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
  }

  @Test
  void operatorKindsNeedTheirApiUnlessAssumedPresent() {
    // helm template lists no monitoring.coreos.com/v1 API: enabled alone renders nothing, as
    // on a cluster without prometheus-operator, where the install would fail.
    RenderedChart chart = HelmChart.render("serviceMonitor: {enabled: true}", "prometheusRule: {enabled: true}");

    assertThat(chart.find("ServiceMonitor")).isEmpty();
    assertThat(chart.find("PrometheusRule")).isEmpty();
    assertThat(HelmChart.render("serviceMonitor: {enabled: false, assumeApiPresent: true}").find("ServiceMonitor"))
        .isEmpty();
  }

  @Test
  void admissionMetricsAreHpaChoices() {
    JsonNode saturation = HelmChart.render("autoscaling: {metric: saturation}").one("HorizontalPodAutoscaler")
        .at("/spec/metrics/0/pods");
    assertThat(saturation.at("/metric/name").asText()).isEqualTo("pressure_admission_saturation");
    assertThat(saturation.at("/target/averageValue").asText()).isEqualTo("700m");
    JsonNode inFlight = HelmChart.render("autoscaling: {metric: inFlight, inFlight: {target: 12}}")
        .one("HorizontalPodAutoscaler").at("/spec/metrics/0/pods");
    assertThat(inFlight.at("/metric/name").asText()).isEqualTo("pressure_admission_in_flight");
    assertThat(inFlight.at("/target/averageValue").asText()).isEqualTo("12");
  }

  @Test
  void spreadAndEvictionPolicyCanBeTurnedOff() {
    RenderedChart chart = HelmChart.render("spreadByNode: false", "podDisruptionBudget: {unhealthyPodEvictionPolicy: ''}");

    assertThat(chart.one("Deployment").at("/spec/template/spec/topologySpreadConstraints").isMissingNode()).isTrue();
    assertThat(chart.one("PodDisruptionBudget").at("/spec/unhealthyPodEvictionPolicy").isMissingNode()).isTrue();
    JsonNode extra = HelmChart.render("spreadByNode: false",
            "topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule}]")
        .one("Deployment").at("/spec/template/spec/topologySpreadConstraints");
    assertThat(extra.size()).isEqualTo(1);
    assertThat(extra.at("/0/topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
  }

  @Test
  void optionalResourcesAreOffByDefault() {
    RenderedChart chart = HelmChart.render();

    assertThat(chart.find("ServiceMonitor")).isEmpty();
    assertThat(chart.find("PrometheusRule")).isEmpty();
  }

  @Test
  void prometheusRuleCarriesTheAlertsFileGroups() {
    JsonNode rule = HelmChart.render("prometheusRule: {enabled: true, assumeApiPresent: true, additionalLabels: {release: prom}}")
        .one("PrometheusRule");

    assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(labels(rule.at("/metadata/labels"))).containsEntry("release", "prom");
    assertThat(rule.at("/spec/groups")).isEqualTo(Yaml.read(ChartPaths.alerts()).path("groups"));
  }

  @Test
  void appSettingsAreRenderedExactly() {
    RenderedChart chart = HelmChart.render(
        "app: {port: 8080, concurrency: 4, requestDurationMs: 150, shutdownDelayMs: 3000,"
            + " readinessMultiplier: 2.5, shedMultiplier: 5, maxEventLoopUtilization: 0.9,"
            + " maxHeapUsedBytes: 5368709120, maxRssBytes: 1073741824, javaToolOptions: '-Xmx256m'}",
        "extraEnv: [{name: EXTRA, value: 'yes'}]");

    assertThat(chart.env("PORT")).isEqualTo("8080");
    assertThat(chart.container().at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(labels(chart.one("Deployment").at("/spec/template/metadata/annotations")))
        .containsEntry("prometheus.io/port", "8080");
    assertThat(chart.env("CONCURRENCY")).isEqualTo("4");
    assertThat(chart.env("REQUEST_DURATION_MS")).isEqualTo("150");
    assertThat(chart.env("SHUTDOWN_DELAY_MS")).isEqualTo("3000");
    assertThat(chart.env("READINESS_MULTIPLIER")).isEqualTo("2.5");
    assertThat(chart.env("SHED_MULTIPLIER")).isEqualTo("5");
    assertThat(chart.env("MAX_EVENT_LOOP_UTILIZATION")).isEqualTo("0.9");
    // Large integers must not come out in float notation (5.36870912e+09).
    assertThat(chart.env("MAX_HEAP_USED_BYTES")).isEqualTo("5368709120");
    assertThat(chart.env("MAX_RSS_BYTES")).isEqualTo("1073741824");
    assertThat(chart.env("JAVA_TOOL_OPTIONS")).isEqualTo("-Xmx256m");
    assertThat(chart.env("EXTRA")).isEqualTo("yes");
  }

  @Test
  void setValuesArriveAsIntegersAndRenderTheSame() {
    RenderedChart chart = HelmChart.renderWithSet(Map.of(
        "app.requestDurationMs", 300,
        "app.maxHeapUsedBytes", 5368709120L,
        "autoscaling.latency.targetMilliseconds", 450));

    assertThat(chart.env("REQUEST_DURATION_MS")).isEqualTo("300");
    assertThat(chart.env("MAX_HEAP_USED_BYTES")).isEqualTo("5368709120");
    assertThat(chart.one("HorizontalPodAutoscaler").at("/spec/metrics/0/pods/target/averageValue").asText())
        .isEqualTo("450m");
  }

  @Test
  void imageTagAndRepositoryComeFromValues() {
    RenderedChart chart = HelmChart.render("image: {repository: registry.example/pressure-sample, tag: dev, pullPolicy: Always}");

    assertThat(chart.container().path("image").asText()).isEqualTo("registry.example/pressure-sample:dev");
    assertThat(chart.container().path("imagePullPolicy").asText()).isEqualTo("Always");
  }

  @Test
  void preStopSleepIsANativeSleepAction() {
    RenderedChart chart = HelmChart.render("lifecycle: {preStopSleepSeconds: 5}", "terminationGracePeriodSeconds: 25");

    assertThat(chart.container().at("/lifecycle/preStop/sleep/seconds").asInt()).isEqualTo(5);
    assertThat(chart.one("Deployment").at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(25);
  }

  @Test
  void disruptionBudgetCanUseMinAvailableOrBeOff() {
    JsonNode pdb = HelmChart.render("podDisruptionBudget: {minAvailable: '50%'}").one("PodDisruptionBudget");

    assertThat(pdb.at("/spec/minAvailable").asText()).isEqualTo("50%");
    assertThat(pdb.at("/spec/maxUnavailable").isMissingNode()).isTrue();
    assertThat(HelmChart.render("podDisruptionBudget: {enabled: false}").find("PodDisruptionBudget")).isEmpty();
  }

  @Test
  void scrapeAnnotationsCanBeTurnedOff() {
    JsonNode metadata = HelmChart.render("metrics: {scrapeAnnotations: false}")
        .one("Deployment").at("/spec/template/metadata");

    // No annotations at all: not an `annotations: null` that strict validation refuses.
    assertThat(metadata.has("annotations")).isFalse();
    JsonNode own = HelmChart.render("metrics: {scrapeAnnotations: false}", "podAnnotations: {team: shop}")
        .one("Deployment").at("/spec/template/metadata/annotations");
    assertThat(labels(own)).containsOnlyKeys("team");
  }
}
