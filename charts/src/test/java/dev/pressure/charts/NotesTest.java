package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NOTES.txt renders (helm template skips it) and states the tiers of the installed values. */
class NotesTest {

  @Test
  void defaultNotesShowTheArticlesTiersAndHowToWatchThem() {
    String notes = installDryRun(Map.of());

    assertThat(notes).contains(
        "HPA keeps the pods' average p99.9 at 300 ms (2..4 replicas)",
        "/readiness answers 429 above p99.9 400 ms or queue_ratio 2",
        "503 with Retry-After: 10 above p99.9 800 ms or queue_ratio 4",
        "kubectl port-forward -n default service/" + HelmChart.FULLNAME,
        "kubectl get hpa -n default " + HelmChart.FULLNAME + " -w",
        "/apis/custom.metrics.k8s.io/v1beta1/namespaces/default/pods/*/http_request_duration_seconds");
  }

  @Test
  void notesFollowTheQueueMetricAndTheServiceType() {
    String notes = installDryRun(Map.of("autoscaling.metric", "queueRatio", "service.type", "NodePort"));

    assertThat(notes).contains(
        "HPA keeps the pods' average queue_ratio at 1",
        "NODE_PORT=$(kubectl get",
        "/pods/*/queue_ratio");
  }

  @Test
  void notesSayWhenAutoscalingIsOff() {
    String notes = installDryRun(Map.of("autoscaling.enabled", false, "service.type", "LoadBalancer"));

    assertThat(notes).contains("scale out: off (autoscaling.enabled=false, 1 replicas)", "EXTERNAL-IP")
        .doesNotContain("kubectl get hpa");
  }

  private static String installDryRun(Map<String, Object> values) {
    InstallCommand install = new Helm(ChartPaths.chart()).install()
        .withName(HelmChart.RELEASE)
        .withNamespace(HelmChart.NAMESPACE)
        .withKubeVersion(HelmChart.KUBE_VERSION)
        .clientOnly() // no cluster: render as helm install --dry-run=client
        .withDryRunOption(DryRun.CLIENT)
        .dryRun();
    values.forEach(install::set);
    Release release = install.call();
    return release.getOutput();
  }
}
