package dev.pressure;

import java.util.Collections;
import java.util.Map;

/**
 * What the monitor measured at one sample, and every tier's verdict on it: the values
 * under-pressure's {@code memoryUsage()} returns, plus heap after GC, health, latency
 * quantiles and custom signals. Published by the sampler through one volatile field;
 * immutable and thread-safe, so any number of readers may hold one.
 *
 * <p>A value that could not be measured is NaN (doubles) or negative (sizes) and its
 * signal's name appears in {@link #failures()} with the reason, unless the platform does not
 * support it at all (RSS off Linux), which is reported once in the log instead.
 */
public final class PressureSnapshot {

  private final long sequence;
  private final long timestampNanos;
  private final double eventLoopDelayMillis;
  private final double eventLoopUtilization;
  private final long heapUsedBytes;
  private final long heapAfterGcBytes;
  private final long rssBytes;
  private final boolean healthy;
  private final String healthDetail;
  private final boolean alive;
  private final String livenessDetail;
  private final double latencyQuantile;
  private final LatencySnapshot latency;
  private final Map<String, Double> signals;
  private final Map<String, String> failures;
  private final String[] tierNames;
  private final PressureType[] verdicts;

  PressureSnapshot(long sequence, long timestampNanos, double eventLoopDelayMillis,
      double eventLoopUtilization, long heapUsedBytes, long heapAfterGcBytes, long rssBytes,
      boolean healthy, String healthDetail, boolean alive, String livenessDetail,
      double latencyQuantile, LatencySnapshot latency, Map<String, Double> signals,
      Map<String, String> failures, String[] tierNames, PressureType[] verdicts) {
    this.sequence = sequence;
    this.timestampNanos = timestampNanos;
    this.eventLoopDelayMillis = eventLoopDelayMillis;
    this.eventLoopUtilization = eventLoopUtilization;
    this.heapUsedBytes = heapUsedBytes;
    this.heapAfterGcBytes = heapAfterGcBytes;
    this.rssBytes = rssBytes;
    this.healthy = healthy;
    this.healthDetail = healthDetail;
    this.alive = alive;
    this.livenessDetail = livenessDetail;
    this.latencyQuantile = latencyQuantile;
    this.latency = latency;
    this.signals = Collections.unmodifiableMap(signals);
    this.failures = Collections.unmodifiableMap(failures);
    this.tierNames = tierNames;
    this.verdicts = verdicts;
  }

  /** @return 0 for the snapshot published at start (nothing sampled yet), then 1, 2, ... */
  public long sequence() {
    return sequence;
  }

  /** @return when the sample was taken, on the monitor's nanosecond clock */
  public long timestampNanos() {
    return timestampNanos;
  }

  /** @return scheduling lag of the last interval in milliseconds (statistic as configured); NaN if it failed */
  public double eventLoopDelayMillis() {
    return eventLoopDelayMillis;
  }

  /** @return process CPU use over the last interval, 0..1 of the container's CPUs; NaN if unsupported or failed */
  public double eventLoopUtilization() {
    return eventLoopUtilization;
  }

  /** @return heap in use in bytes; negative if it failed */
  public long heapUsedBytes() {
    return heapUsedBytes;
  }

  /** @return heap in use after the last collection in bytes; negative before the first GC or if unsupported */
  public long heapAfterGcBytes() {
    return heapAfterGcBytes;
  }

  /** @return resident set size in bytes; negative if unsupported (not Linux) or failed */
  public long rssBytes() {
    return rssBytes;
  }

  /** @return whether the health check's last run succeeded; true when there is no health check */
  public boolean healthy() {
    return healthy;
  }

  /** @return {@code "ok"}, or why the health check is failing */
  public String healthDetail() {
    return healthDetail;
  }

  /** @return whether the liveness check's last run succeeded; true when there is none */
  public boolean alive() {
    return alive;
  }

  /** @return {@code "ok"}, or why the liveness check is failing */
  public String livenessDetail() {
    return livenessDetail;
  }

  /** @return the quantile {@code maxLatency} is compared with, e.g. 0.999 */
  public double latencyQuantile() {
    return latencyQuantile;
  }

  /** @return that quantile of the latency window in milliseconds; 0 when the window is empty */
  public double latencyMillis() {
    return latency.quantileNanos(latencyQuantile) / 1e6;
  }

  /** @return the latency window's quantiles and totals */
  public LatencySnapshot latency() {
    return latency;
  }

  /** @return every custom signal's value at this sample (live ones read by the sampler), by name; NaN if it failed */
  public Map<String, Double> signals() {
    return signals;
  }

  /** @return signals whose source failed at this sample, name to reason; empty when all are fine */
  public Map<String, String> failures() {
    return failures;
  }

  /**
   * The sampled verdict of a tier: which type put it under pressure at this sample. Live
   * signals and staleness are judged per request by {@link Tier#check(long)}, not here.
   *
   * @param tier a tier name
   * @return the type, or null when the tier is not under pressure or does not exist
   */
  public PressureType pressureType(String tier) {
    for (int i = 0; i < tierNames.length; i++) {
      if (tierNames[i].equals(tier)) {
        return verdicts[i];
      }
    }
    return null;
  }

  PressureType verdict(int tierIndex) {
    return verdicts[tierIndex];
  }

  /**
   * The measured value a type's check compares with its limit, in that check's unit:
   * milliseconds for eventLoopDelay and latency, bytes for heap and RSS, 0..1 for
   * eventLoopUtilization, 1/0 (healthy/unhealthy) for healthCheck, the value for a custom signal.
   *
   * @param type a pressure type
   * @return the value; NaN when unknown
   */
  public double value(PressureType type) {
    if (type.isCustom()) {
      Double v = signals.get(type.name());
      return v == null ? Double.NaN : v;
    }
    switch (type.name()) {
      case "eventLoopDelay": return eventLoopDelayMillis;
      case "heapUsedBytes": return heapUsedBytes;
      case "rssBytes": return rssBytes;
      case "healthCheck": return healthy ? 1 : 0;
      case "eventLoopUtilization": return eventLoopUtilization;
      case "latency": return latencyMillis();
      default: return Double.NaN;
    }
  }

  @Override
  public String toString() {
    StringBuilder v = new StringBuilder();
    for (int i = 0; i < tierNames.length; i++) {
      v.append(i == 0 ? "" : ", ").append(tierNames[i]).append('=').append(verdicts[i]);
    }
    return "PressureSnapshot{sequence=" + sequence + ", eventLoopDelayMillis=" + eventLoopDelayMillis
        + ", eventLoopUtilization=" + eventLoopUtilization + ", heapUsedBytes=" + heapUsedBytes
        + ", rssBytes=" + rssBytes + ", healthy=" + healthy + ", latencyMillis=" + latencyMillis()
        + ", signals=" + signals + ", failures=" + failures + ", verdicts={" + v + "}}";
  }
}
