package dev.pressure;

import java.util.List;
import java.util.Map;

/**
 * The JMX view of one monitor, registered as {@code dev.pressure:type=PressureMonitor,name=<id>}
 * ({@link PressureMonitor#id()}) while the monitor runs: the latest snapshot's values, every
 * tier's verdict and thresholds, and operations that change a tier's thresholds at run time
 * (each one a {@link PressureMonitor#updateThresholds(String, Thresholds)}). Every attribute read
 * comes from one {@link PressureMonitor#read()}. Durations are milliseconds, sizes bytes; a value
 * not measured (before the first sample, failed, unsupported) is NaN or negative. The
 * monitor's implementation is thread-safe; a threshold change is validated before it applies.
 */
public interface PressureMonitorMXBean {

  /** {@return the monitor's id, unique in the JVM} */
  String getId();

  /** {@return the latest snapshot's sequence; 0 before the first sample} */
  long getSequence();

  /** {@return the latest snapshot's age in milliseconds} */
  double getSnapshotAgeMillis();

  /** {@return scheduling lag in milliseconds} */
  double getEventLoopDelayMillis();

  /** {@return process CPU use, 0..1} */
  double getEventLoopUtilization();

  /** {@return the heap value compared with {@code maxHeapUsedBytes}} */
  double getHeapUsedBytes();

  /** {@return resident set size} */
  double getRssBytes();

  /** {@return whether the health check's last run succeeded} */
  boolean isHealthy();

  /** {@return the latency quantile compared with {@code maxLatency}, in milliseconds} */
  double getLatencyMillis();

  /** {@return every custom signal's value (live ones read now)} */
  Map<String, Double> getSignals();

  /** {@return the tier names, the default tier first} */
  List<String> getTierNames();

  /** {@return every tier's verdict: the pressure type's name, or {@code ""} when not under pressure} */
  Map<String, String> getVerdicts();

  /**
   * A tier's thresholds.
   *
   * @param tier a tier's name
   * @return limit name to value: {@code maxEventLoopDelayMillis}, {@code maxEventLoopUtilization},
   *     {@code maxHeapUsedBytes}, {@code maxRssBytes}, {@code maxLatencyMillis}, {@code healthCheck}
   *     (1/0) and {@code maxSignal.<name>}; 0 is off
   */
  Map<String, Double> thresholds(String tier);

  /**
   * Changes one limit of a tier, keeping the others.
   *
   * @param tier a tier's name
   * @param limit a name {@link #thresholds(String)} lists
   * @param value the new limit in that unit; 0 turns a check off
   */
  void setThreshold(String tier, String limit, double value);
}
