package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every object the chart renders, with its defaults and with each switch, validates strictly
 * (unknown fields and nulls refused) against the Kubernetes schemas and the prometheus-operator
 * CRDs of the npm kubernetes-models packages, and uses only API versions that Kubernetes 1.30
 * serves.
 */
class StrictValidationTest {

  /** apiVersion/kind of everything the chart can render; all served by Kubernetes 1.30. */
  private static final Set<String> SERVED_IN_1_30 = Set.of(
      "v1/Service", "v1/Pod", "apps/v1/Deployment", "policy/v1/PodDisruptionBudget",
      "autoscaling/v2/HorizontalPodAutoscaler", "monitoring.coreos.com/v1/ServiceMonitor",
      "monitoring.coreos.com/v1/PrometheusRule");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{}",
      "autoscaling: {metric: queueRatio}",
      "autoscaling: {metric: saturation}",
      "autoscaling: {metric: inFlight}",
      "autoscaling: {enabled: false}\nreplicaCount: 3",
      "serviceMonitor: {enabled: true, assumeApiPresent: true, additionalLabels: {release: prom}}",
      "prometheusRule: {enabled: true, assumeApiPresent: true, additionalLabels: {release: prom}}",
      "metrics: {scrapeAnnotations: false}",
      "podAnnotations: {team: shop}\npodLabels: {tier: web}",
      "lifecycle: {preStopSleepSeconds: 5}\nterminationGracePeriodSeconds: 25",
      "podDisruptionBudget: {minAvailable: '50%', unhealthyPodEvictionPolicy: IfHealthyBudget}",
      "podDisruptionBudget: {enabled: false}",
      "spreadByNode: false",
      "topologySpreadConstraints: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule}]",
      "service: {type: NodePort, nodePort: 30080}",
      "service: {type: LoadBalancer}",
      "imagePullSecrets: [{name: registry}]\nextraEnv: [{name: EXTRA, value: 'yes'}]",
      "nodeSelector: {disk: ssd}\ntolerations: [{key: spot, operator: Exists, effect: NoSchedule}]",
      "affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100,"
          + " podAffinityTerm: {topologyKey: kubernetes.io/hostname, labelSelector: {matchLabels: {app: x}}}}]}}",
      "resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {memory: 1Gi}}",
      "test: {enabled: false}",
  })
  void everyRenderedObjectValidatesStrictly(String values) {
    List<JsonNode> manifests = HelmChart.renderWithHooks(values).manifests();

    assertThat(manifests).isNotEmpty();
    assertThat(manifests).extracting(m -> m.path("apiVersion").asText() + "/" + m.path("kind").asText())
        .allMatch(SERVED_IN_1_30::contains);
    assertThat(ManifestValidator.problems(manifests)).as("problems with values %s", values).isEmpty();
  }

  @Test
  void theDefaultsIncludeTheHelmTestPod() {
    List<String> kinds = HelmChart.renderWithHooks().manifests().stream()
        .map(m -> m.path("kind").asText()).sorted().collect(Collectors.toList());

    assertThat(kinds).containsExactly("Deployment", "HorizontalPodAutoscaler", "Pod", "PodDisruptionBudget", "Service");
  }

  @Test
  void theValidatorRefusesUnknownFieldsNullsAndWrongTypes() {
    // Proof that the check above can fail: the same manifests, each spoiled in one way.
    JsonNode deployment = HelmChart.render().one("Deployment");
    ObjectNode unknown = deployment.deepCopy();
    ((ObjectNode) unknown.at("/spec/template/spec/containers/0")).put("imagePullPolcy", "Always");
    ObjectNode nullAnnotations = deployment.deepCopy();
    ((ObjectNode) nullAnnotations.at("/spec/template/metadata")).putNull("annotations");
    ObjectNode wrongType = HelmChart.render().one("Service").deepCopy();
    ((ObjectNode) wrongType.at("/spec/ports/0")).put("port", "eighty");
    ObjectNode unknownInCrd = HelmChart.render("serviceMonitor: {enabled: true, assumeApiPresent: true}")
        .one("ServiceMonitor").deepCopy();
    ((ObjectNode) unknownInCrd.at("/spec/endpoints/0")).put("scrapeInterval", "15s");

    List<String> problems = ManifestValidator.problems(List.of(unknown, nullAnnotations, wrongType, unknownInCrd));

    assertThat(problems).hasSize(4).anySatisfy(p -> assertThat(p)
        .isEqualTo("Deployment/" + HelmChart.FULLNAME + " /spec/template/spec/containers/0/imagePullPolcy: unknown field"));
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("Deployment/" + HelmChart.FULLNAME + " /spec/template/metadata/annotations: null"));
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .startsWith("Service/" + HelmChart.FULLNAME + " /spec/ports/0/port: type"));
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .isEqualTo("ServiceMonitor/" + HelmChart.FULLNAME + " /spec/endpoints/0/scrapeInterval: unknown field"));
  }
}
