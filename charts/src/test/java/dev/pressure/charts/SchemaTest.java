package dev.pressure.charts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json refuses values of the wrong type, out of range, missing or unknown. */
class SchemaTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      app: {requestDurationMs: fast}                     | app.requestDurationMs  | integer
      app: {requestDurationMs: 2.5}                      | app.requestDurationMs  | integer
      app: {concurrency: -1}                             | app.concurrency        | 1
      app: {concurrency: 0}                              | app.concurrency        | 1
      app: {latencyQuantile: 1}                          | app.latencyQuantile    | 1
      app: {maxEventLoopUtilization: 1.5}                | app.maxEventLoopUtilization | 1
      app: {maxHeapUsedBytes: -1}                        | app.maxHeapUsedBytes   | 0
      app: {readinessMultiplier: 0}                      | app.readinessMultiplier | 0
      app: {requestDurationMs: null}                     | app                    | requestDurationMs
      app: {requestDurationMS: 200}                      | app                    | requestDurationMS
      image: {repository: ''}                            | image.repository       | 1
      probes: {readiness: {periodSeconds: 0}}            | probes.readiness.periodSeconds | 1
      probes: {readiness: {path: readiness}}             | probes.readiness.path  | ^/
      service: {type: ExternalName}                      | service.type           | ClusterIP
      service: {nodePort: 80}                            | service.nodePort       | anyOf
      autoscaling: {metric: cpu}                         | autoscaling.metric     | latency
      autoscaling: {minReplicas: 0}                      | autoscaling.minReplicas | 1
      autoscaling: {latency: {targetMilliseconds: 300m}} | autoscaling.latency.targetMilliseconds | integer
      autoscaling: {queueRatio: {target: -1}}            | autoscaling.queueRatio.target | 0
      terminationGracePeriodSeconds: '30'                | terminationGracePeriodSeconds | integer
      serviceMonitor: {enabled: 'yes'}                   | serviceMonitor.enabled | boolean
      autoscaling: null                                  | autoscaling            | missing property
      autoscaling: {tolerance: 1}                        | autoscaling.tolerance  | 1
      app: {shutdownDelayMs: -1}                         | app.shutdownDelayMs    | 0
      resources: {requets: {cpu: 1}}                     | resources              | requets
      resources: {limits: {memory: lots}}                | resources.limits.memory | anyOf
      securityContext: {runAsUsr: 1}                     | securityContext        | runAsUsr
      podSecurityContext: {seccompProfile: {type: Default}} | podSecurityContext.seccompProfile.type | RuntimeDefault
      affinity: {nodeAffinty: {}}                        | affinity               | nodeAffinty
      podDisruptionBudget: {unhealthyPodEvictionPolicy: Always} | podDisruptionBudget.unhealthyPodEvictionPolicy | AlwaysAllow
      topologySpreadConstraints: [{maxSkew: 1}]          | topologySpreadConstraints | topologyKey
      test: {enabled: 'no'}                              | test.enabled           | boolean
      """)
  void refuses(String values, String key, String detail) {
    String error = HelmChart.renderError(values);

    assertThat(error).contains("values don't meet the specifications of the schema").contains(detail);
    assertThat(error.replace('/', '.')).contains(key);
  }
}
