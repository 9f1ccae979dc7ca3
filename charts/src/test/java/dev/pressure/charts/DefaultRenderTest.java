package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the chart renders with its default values: the articles' setup, hardened. */
class DefaultRenderTest {

  private final RenderedChart chart = HelmChart.render();

  @Test
  void labelsEveryResourceTheStandardWay() {
    for (JsonNode manifest : chart.manifests()) {
      assertThat(labels(manifest.at("/metadata/labels")))
          .as("labels of %s", manifest.path("kind").asText())
          .containsEntry("app.kubernetes.io/name", "pressure-sample")
          .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
          .containsEntry("app.kubernetes.io/version", "0.1.0")
          .containsEntry("app.kubernetes.io/component", "server")
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("helm.sh/chart", "pressure-sample-0.1.0");
      assertThat(manifest.at("/metadata/name").asText()).isEqualTo(HelmChart.FULLNAME);
    }
  }

  @Test
  void deploymentRunsTheAppVersionImageOnPort3000AndLeavesReplicasToTheHpa() {
    JsonNode deployment = chart.one("Deployment");
    JsonNode container = chart.container();

    assertThat(deployment.at("/spec/replicas").isMissingNode()).isTrue();
    assertThat(container.path("image").asText()).isEqualTo("pressure-sample:0.1.0");
    assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(3000);
    assertThat(labels(deployment.at("/spec/selector/matchLabels")))
        .containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
    assertThat(labels(deployment.at("/spec/template/metadata/labels")))
        .containsAllEntriesOf(labels(deployment.at("/spec/selector/matchLabels")));
  }

  @Test
  void probesAreTheArticles() {
    JsonNode container = chart.container();

    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/liveness");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/livenessProbe/initialDelaySeconds").asInt()).isEqualTo(3);
    assertThat(container.at("/livenessProbe/periodSeconds").asInt()).isEqualTo(3);
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readiness");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/readinessProbe/initialDelaySeconds").asInt()).isEqualTo(3);
    assertThat(container.at("/readinessProbe/periodSeconds").asInt()).isEqualTo(3);
  }

  @Test
  void passesEveryAppSettingAsAnEnvironmentVariable() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("PORT", "3000");
    expected.put("HOST", "0.0.0.0");
    expected.put("CONCURRENCY", "1");
    expected.put("EXPENSIVE_OP_MS", "2000");
    expected.put("REQUEST_DURATION_MS", "200");
    expected.put("LATENCY_QUANTILE", "0.999");
    expected.put("LATENCY_MAX_AGE_SECONDS", "60");
    expected.put("LATENCY_AGE_BUCKETS", "5");
    expected.put("READINESS_MULTIPLIER", "2");
    expected.put("SHED_MULTIPLIER", "4");
    expected.put("SAMPLE_INTERVAL_MS", "1000");
    expected.put("RETRY_AFTER_SECONDS", "10");
    expected.put("SHUTDOWN_DELAY_MS", "5000");
    expected.put("SHUTDOWN_GRACE_MS", "10000");
    expected.put("MAX_EVENT_LOOP_DELAY_MS", "0");
    expected.put("MAX_EVENT_LOOP_UTILIZATION", "0");
    expected.put("MAX_HEAP_USED_BYTES", "0");
    expected.put("MAX_RSS_BYTES", "0");
    expected.put("DEMO_CONTROLS", "false"); // ?delayMs= off: a public Service must not let clients slow the pod
    expected.put("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");

    Map<String, String> actual = new LinkedHashMap<>();
    for (JsonNode env : chart.container().path("env")) {
      assertThat(env.path("value").isTextual()).as("%s is a string", env.path("name")).isTrue();
      actual.put(env.path("name").asText(), env.path("value").asText());
    }
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  @Test
  void runsNonRootWithAReadOnlyRootAndAWritableTmp() {
    JsonNode pod = chart.one("Deployment").at("/spec/template/spec");
    JsonNode container = chart.container();
    JsonNode security = container.path("securityContext");

    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(security.path("runAsUser").asInt()).isEqualTo(10001);
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(security.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
    assertThat(container.at("/volumeMounts/0/name").asText()).isEqualTo("tmp");
    assertThat(pod.at("/volumes/0/name").asText()).isEqualTo("tmp");
    assertThat(pod.at("/volumes/0/emptyDir").isObject()).isTrue();
  }

  @Test
  void givesTheAppTimeToServeThroughTheDelayAndDrainAndNoPreStopHookByDefault() {
    JsonNode pod = chart.one("Deployment").at("/spec/template/spec");
    int delaySeconds = Integer.parseInt(chart.env("SHUTDOWN_DELAY_MS")) / 1000;
    int drainSeconds = Integer.parseInt(chart.env("SHUTDOWN_GRACE_MS")) / 1000;

    assertThat(delaySeconds).isEqualTo(5);
    assertThat(pod.path("terminationGracePeriodSeconds").asInt()).isGreaterThan(delaySeconds + drainSeconds);
    assertThat(chart.container().path("lifecycle").isMissingNode()).isTrue();
  }

  @Test
  void spreadsReplicasOverNodesSoftly() {
    JsonNode spread = chart.one("Deployment").at("/spec/template/spec/topologySpreadConstraints");

    assertThat(spread.size()).isEqualTo(1);
    assertThat(spread.at("/0/topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    assertThat(spread.at("/0/whenUnsatisfiable").asText()).isEqualTo("ScheduleAnyway");
    assertThat(labels(spread.at("/0/labelSelector/matchLabels")))
        .isEqualTo(labels(chart.one("Deployment").at("/spec/selector/matchLabels")));
  }

  @Test
  void setsResourceRequestsAndLimits() {
    JsonNode resources = chart.container().path("resources");

    assertThat(resources.at("/requests/cpu").asText()).isNotEmpty();
    assertThat(resources.at("/requests/memory").asText()).isNotEmpty();
    assertThat(resources.at("/limits/memory").asText()).isNotEmpty();
  }

  @Test
  void annotatesPodsForPrometheusScraping() {
    Map<String, String> annotations =
        labels(chart.one("Deployment").at("/spec/template/metadata/annotations"));

    assertThat(annotations)
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/port", "3000")
        .containsEntry("prometheus.io/path", "/metrics");
  }

  @Test
  void exposesAClusterIpServiceOnTheHttpPort() {
    JsonNode service = chart.one("Service");

    assertThat(service.at("/spec/type").asText()).isEqualTo("ClusterIP");
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
    assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http");
    assertThat(service.at("/spec/ports/0/nodePort").isMissingNode()).isTrue();
    assertThat(labels(service.at("/spec/selector")))
        .isEqualTo(labels(chart.one("Deployment").at("/spec/selector/matchLabels")));
  }

  @Test
  void budgetsOneVoluntaryDisruptionAtATime() {
    JsonNode pdb = chart.one("PodDisruptionBudget");

    assertThat(pdb.path("apiVersion").asText()).isEqualTo("policy/v1");
    assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    assertThat(pdb.at("/spec/minAvailable").isMissingNode()).isTrue();
    assertThat(pdb.at("/spec/unhealthyPodEvictionPolicy").asText()).isEqualTo("AlwaysAllow");
    assertThat(labels(pdb.at("/spec/selector/matchLabels")))
        .isEqualTo(labels(chart.one("Deployment").at("/spec/selector/matchLabels")));
  }

  @Test
  void scalesTwoToFourPodsOnTheP999LatencyAt300m() {
    JsonNode hpa = chart.one("HorizontalPodAutoscaler");

    assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
    assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
    assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(HelmChart.FULLNAME);
    assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
    assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(4);
    assertThat(hpa.at("/spec/metrics").size()).isEqualTo(1);
    assertThat(hpa.at("/spec/metrics/0/type").asText()).isEqualTo("Pods");
    assertThat(hpa.at("/spec/metrics/0/pods/metric/name").asText()).isEqualTo("http_request_duration_seconds");
    assertThat(hpa.at("/spec/metrics/0/pods/target/type").asText()).isEqualTo("AverageValue");
    assertThat(hpa.at("/spec/metrics/0/pods/target/averageValue").asText()).isEqualTo("300m");
    assertThat(hpa.at("/spec/behavior/scaleUp/policies").size()).isPositive();
    assertThat(hpa.at("/spec/behavior/scaleDown/stabilizationWindowSeconds").asInt()).isEqualTo(300);
  }

  static Map<String, String> labels(JsonNode node) {
    Map<String, String> labels = new LinkedHashMap<>();
    node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }
}
