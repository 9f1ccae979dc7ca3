package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The autoscaling tier end to end, without a cluster: the sample app runs with the environment
 * the chart renders, a real Prometheus scrapes it every second under the labels Kubernetes
 * discovery would give it, and the adapter rules' queries, expanded as prometheus-adapter
 * expands them, read from that Prometheus the values the HPA compares with the chart's
 * targets. Under load both metrics make the HPA scale out while the pod stays ready: the
 * lowest tier acts first.
 */
class AdapterEndToEndTest {

  private static final String NAMESPACE = "default";
  /** A pod name as a ReplicaSet makes it; Kubernetes discovery puts it in the pod label. */
  private static final String POD = "pressure-sample-5d8f7c9b6-x2k4q";

  /** /slow requests at the nominal duration, and slow ones that set the p99.9 (the max of 22). */
  private static final int NOMINAL_REQUESTS = 20;
  private static final int SLOW_REQUESTS = 2;
  /**
   * The chart's tiers scaled up 5x (nominal 1 s, HPA target 1.5 s, readiness 2 s): the same
   * ratios as the defaults, with room between the tiers for the hundreds of milliseconds a
   * fresh JVM on a loaded CI machine may add to a request. With the defaults (300/400 ms) one
   * late warm-up request could land above readiness and decide the p99.9.
   */
  private static final String SCALED_TIERS =
      "app: {requestDurationMs: 1000}\nautoscaling: {latency: {targetMilliseconds: 1500}}";
  /** Above the 1.5 s target by more than the HPA's tolerance, below the 2 s readiness threshold. */
  private static final long SLOW_DELAY_MS = 1700;
  /** With CONCURRENCY 1: one executing, two waiting, queue_ratio 2 (target 1, readiness above 2). */
  private static final int EXPENSIVE_OPS = 3;
  /** Keeps the three tasks in flight for the whole test (the chart's 2000 ms would drain them). */
  private static final String EXPENSIVE_OP_MS = "60000";

  /** kube-controller-manager's default --horizontal-pod-autoscaler-tolerance. */
  private static final double HPA_TOLERANCE = 0.1;
  /** The pods the HPA's selector finds: one, the chart's minReplicas. */
  private static final int CURRENT_REPLICAS = 1;
  private static final double QUANTILE_RELATIVE_ERROR = 0.01;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration SCRAPED_WITHIN = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(REQUEST_TIMEOUT)
      .build();

  @Test
  void hpaScalesOutOnWhatPrometheusScrapedWhileThePodStaysReady(@TempDir Path dir) throws Exception {
    RenderedChart chart = HelmChart.render(SCALED_TIERS);
    HpaTarget latencyTarget = HpaTarget.of(chart);
    HpaTarget queueTarget = HpaTarget.of(HelmChart.render("autoscaling: {metric: queueRatio}"));
    Map<String, String> env = environment(chart);
    double readinessLatencySeconds = Double.parseDouble(env.get("REQUEST_DURATION_MS"))
        * Double.parseDouble(env.get("READINESS_MULTIPLIER")) / 1000;
    double readinessQueueRatio = Double.parseDouble(env.get("READINESS_MULTIPLIER"));
    assertThat(SLOW_DELAY_MS / 1000.0)
        .as("the slow requests' delay lies between the HPA target beyond its tolerance and readiness")
        .isGreaterThan(latencyTarget.value() * (1 + HPA_TOLERANCE))
        .isLessThan(readinessLatencySeconds * (1 - QUANTILE_RELATIVE_ERROR));
    assertThat(env).containsEntry("CONCURRENCY", "1");
    env.put("EXPENSIVE_OP_MS", EXPENSIVE_OP_MS);
    env.put("DEMO_CONTROLS", "true"); // the load below slows requests with ?delayMs=

    AdapterRule latencyRule = AdapterRule.serving(latencyTarget.metric());
    AdapterRule queueRule = AdapterRule.serving(queueTarget.metric());

    try (SampleAppProcess sample = SampleAppProcess.start(env, dir);
        PrometheusProcess prometheus = PrometheusProcess.start(scrapeConfig(dir, sample.port()), dir)) {
      double slowestSeconds = loadSlow(sample);
      holdExpensiveOps(sample);

      double[] latency = new double[1];
      double[] queueRatio = new double[1];
      await("the adapter queries return the pod's p99.9 and queue_ratio under load")
          .atMost(SCRAPED_WITHIN)
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> {
            latency[0] = podValue(prometheus, latencyRule);
            queueRatio[0] = podValue(prometheus, queueRule);
            // The monitor's quantile is within 1% of the true one: at least the server-side
            // delay, at most the slowest request any client saw (the server times a part of it).
            assertThat(latency[0]).as("p99.9 in seconds, slowest request seen by the client %s s", slowestSeconds)
                .isBetween(SLOW_DELAY_MS / 1000.0 * (1 - QUANTILE_RELATIVE_ERROR),
                    slowestSeconds * (1 + QUANTILE_RELATIVE_ERROR));
            assertThat(queueRatio[0]).as("queue_ratio").isEqualTo(EXPENSIVE_OPS - 1.0);
          });

      // The adapter finds the series through each rule's seriesQuery before it runs metricsQuery.
      for (AdapterRule rule : List.of(latencyRule, queueRule)) {
        assertThat(prometheus.series(rule.yaml().path("seriesQuery").asText()))
            .as("series of %s", rule.yaml().path("seriesQuery").asText())
            .anySatisfy(labels -> {
              assertThat(labels.path("namespace").asText()).isEqualTo(NAMESPACE);
              assertThat(labels.path("pod").asText()).isEqualTo(POD);
            });
      }
      // Tier 1 acts: the HPA would go from one pod to two on either metric.
      assertThat(desiredReplicas(latency[0], latencyTarget.value())).as("replicas for p99.9 %s", latency[0])
          .isEqualTo(CURRENT_REPLICAS + 1);
      assertThat(desiredReplicas(queueRatio[0], queueTarget.value())).as("replicas for queue_ratio %s", queueRatio[0])
          .isEqualTo(CURRENT_REPLICAS + 1);
      // Tier 2 does not yet: the pod stays in the Service.
      assertThat(latency[0]).isLessThan(readinessLatencySeconds);
      assertThat(queueRatio[0]).isLessThanOrEqualTo(readinessQueueRatio);
      assertThat(get(sample, "/readiness").statusCode()).as("/readiness; sample log:\n%s", sample.log())
          .isEqualTo(200);
      // The JVM took the chart's options (a typo there would have stopped it starting).
      assertThat(sample.log()).contains("Picked up JAVA_TOOL_OPTIONS: " + env.get("JAVA_TOOL_OPTIONS"));
    }
  }

  /** The Pods metric of the chart's HPA and its target average value as a number. */
  private record HpaTarget(String metric, double value) {
    static HpaTarget of(RenderedChart chart) {
      JsonNode pods = chart.one("HorizontalPodAutoscaler").at("/spec/metrics/0/pods");
      return new HpaTarget(pods.at("/metric/name").asText(), quantity(pods.at("/target/averageValue").asText()));
    }
  }

  /** The chart's container environment, as the Deployment renders it. */
  private static Map<String, String> environment(RenderedChart chart) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode variable : chart.container().path("env")) {
      assertThat(variable.has("value")).as("plain value for %s", variable).isTrue();
      env.put(variable.path("name").asText(), variable.path("value").asText());
    }
    return env;
  }

  /**
   * Scrapes the sample every second with the labels the prometheus-community chart's
   * kubernetes-pods job copies from Kubernetes discovery, which the adapter rules map to
   * namespace and pod resources.
   */
  private static Path scrapeConfig(Path dir, int samplePort) throws IOException {
    return Files.writeString(dir.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: kubernetes-pods
            metrics_path: /metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
                labels:
                  namespace: %s
                  pod: %s
        """.formatted(samplePort, NAMESPACE, POD));
  }

  /**
   * Sends the /slow requests at once, after a warm-up round of instant ones (a fresh JVM
   * answers its first requests tens of milliseconds late, and the warm-up leaves a pooled
   * connection per request); returns the slowest request of all, warm-up included, as the
   * client saw it, in seconds: every one of them is in the window.
   */
  private double loadSlow(SampleAppProcess sample) throws Exception {
    List<CompletableFuture<Double>> warmUp = new ArrayList<>();
    for (int i = 0; i < NOMINAL_REQUESTS + SLOW_REQUESTS; i++) {
      warmUp.add(timed(sample, "/slow?delayMs=0"));
    }
    double slowest = slowestOf(warmUp);

    List<CompletableFuture<Double>> load = new ArrayList<>();
    for (int i = 0; i < NOMINAL_REQUESTS; i++) {
      load.add(timed(sample, "/slow"));
    }
    for (int i = 0; i < SLOW_REQUESTS; i++) {
      load.add(timed(sample, "/slow?delayMs=" + SLOW_DELAY_MS));
    }
    return Math.max(slowest, slowestOf(load));
  }

  /** Sends one request; completes with its duration as the client saw it, in seconds, once it got a 200. */
  private CompletableFuture<Double> timed(SampleAppProcess sample, String pathAndQuery) {
    long start = System.nanoTime();
    return send(sample, pathAndQuery).thenApply(response -> {
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(response.statusCode()).as("%s answer, none shed", pathAndQuery).isEqualTo(200);
      return seconds;
    });
  }

  private static double slowestOf(List<CompletableFuture<Double>> requests) throws Exception {
    CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new))
        .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    double slowest = 0;
    for (CompletableFuture<Double> seconds : requests) {
      slowest = Math.max(slowest, seconds.get());
    }
    return slowest;
  }

  /** Starts /expensive-op requests that stay in the queue until the sample is killed. */
  private void holdExpensiveOps(SampleAppProcess sample) {
    for (int i = 0; i < EXPENSIVE_OPS; i++) {
      http.sendAsync(HttpRequest.newBuilder(sample.uri("/expensive-op")).GET().build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  private CompletableFuture<HttpResponse<String>> send(SampleAppProcess sample, String pathAndQuery) {
    return http.sendAsync(HttpRequest.newBuilder(sample.uri(pathAndQuery)).timeout(REQUEST_TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(SampleAppProcess sample, String path) throws Exception {
    return send(sample, path).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs the rule's metricsQuery as the adapter would for the pod; its one series' value. */
  private static double podValue(PrometheusProcess prometheus, AdapterRule rule) {
    String query = rule.metricsQuery(NAMESPACE, List.of(POD));
    JsonNode result = prometheus.query(query);
    assertThat(result).as("result of %s", query).hasSize(1);
    assertThat(result.get(0).path("metric").toString()).as("labels of %s", query)
        .isEqualTo("{\"pod\":\"" + POD + "\"}");
    return Double.parseDouble(result.get(0).at("/value/1").asText());
  }

  /**
   * The HPA's replica count for a Pods metric with an AverageValue target, as
   * kube-controller-manager computes it: no change within the tolerance, else
   * ceil(replicas * average / target).
   */
  private static int desiredReplicas(double average, double target) {
    double ratio = average / target;
    if (Math.abs(ratio - 1) <= HPA_TOLERANCE) {
      return CURRENT_REPLICAS;
    }
    return (int) Math.ceil(CURRENT_REPLICAS * ratio);
  }

  /** A Kubernetes quantity as the chart renders HPA targets: "300m" or "1". */
  private static double quantity(String text) {
    return text.endsWith("m")
        ? Double.parseDouble(text.substring(0, text.length() - 1)) / 1000
        : Double.parseDouble(text);
  }
}
