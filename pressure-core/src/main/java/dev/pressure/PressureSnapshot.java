package dev.pressure;

import dev.pressure.internal.Measurement;
import java.util.Map;
import java.util.Set;

/**
 * What the monitor measured at one sample, and every tier's sampled verdict on it: the values
 * under-pressure's {@code memoryUsage()} returns, plus heap after GC, health, latency
 * quantiles and custom signals. Published by the sampler through one volatile field;
 * immutable and thread-safe, so any number of readers may hold one. A reader that reports
 * several values reads the snapshot once and takes them all from that one.
 *
 * <p>Before the first sample ({@link #sampled()} is false, {@link #sequence()} 0) nothing is
 * measured: doubles are NaN, sizes negative, no latency quantile is computed. A value that
 * could not be measured is NaN (doubles) or negative (sizes) and its type appears in
 * {@link #failures()} with the reason, or in {@link #unsupported()} when this runtime cannot
 * measure it at all (RSS off Linux, CPU without {@code jdk.management}).
 */
public final class PressureSnapshot {

  private final Measurement m;
  private final String[] tierNames;
  private final PressureType[] verdicts;

  PressureSnapshot(Measurement m, String[] tierNames, PressureType[] verdicts) {
    this.m = m;
    this.tierNames = tierNames;
    this.verdicts = verdicts;
  }

  Measurement measurement() {
    return m;
  }

  PressureSnapshot withVerdicts(PressureType[] newVerdicts) {
    return new PressureSnapshot(m, tierNames, newVerdicts);
  }

  /** {@return 0 for the snapshot published at start (nothing sampled yet), then 1, 2, ...} */
  public long sequence() {
    return m.sequence();
  }

  /** {@return false for the snapshot published at start, before the first sample} */
  public boolean sampled() {
    return m.sequence() > 0;
  }

  /** {@return when the sample was taken, on the monitor's nanosecond clock} */
  public long timestampNanos() {
    return m.timestampNanos();
  }

  /**
   * {@return scheduling lag of the last interval in milliseconds (statistic as configured); NaN if
   * not measured}
   */
  public double eventLoopDelayMillis() {
    return m.lagMillis();
  }

  /** {@return process CPU use over the last interval, 0..1 of the container's CPUs; NaN if not measured} */
  public double eventLoopUtilization() {
    return m.utilization();
  }

  /** {@return heap in use in bytes now (before any GC); negative if not measured} */
  public long heapUsedBytes() {
    return m.heapUsed();
  }

  /**
   * {@return heap in use after the last collection in bytes; negative before the first GC or if
   * unsupported}
   */
  public long heapAfterGcBytes() {
    return m.heapAfterGc();
  }

  /**
   * The heap value {@code maxHeapUsedBytes} is compared with: heap after the last GC when the
   * monitor was built with {@code heapUsedAfterGc(true)} (and a GC has run), else heap in use.
   *
   * @return bytes; negative if not measured
   */
  public long heapComparedBytes() {
    return m.heapCompared();
  }

  /** {@return resident set size in bytes; negative if unsupported (not Linux) or not measured} */
  public long rssBytes() {
    return m.rss();
  }

  /** {@return whether the health check's last run succeeded; true when there is no health check} */
  public boolean healthy() {
    return m.healthy();
  }

  /** {@return {@code "ok"}, or why the health check is failing} */
  public String healthDetail() {
    return m.healthDetail();
  }

  /** {@return whether the liveness check's last run succeeded; true when there is none} */
  public boolean alive() {
    return m.alive();
  }

  /** {@return {@code "ok"}, or why the liveness check is failing} */
  public String livenessDetail() {
    return m.livenessDetail();
  }

  /** {@return the quantile {@code maxLatency} is compared with, e.g. 0.999} */
  public double latencyQuantile() {
    return m.latencyQuantile();
  }

  /**
   * {@return that quantile of the latency window in milliseconds; 0 when the window is empty, NaN
   * before the first sample}
   */
  public double latencyMillis() {
    return m.latency().quantileNanos(m.latencyQuantile()) / 1e6;
  }

  /** {@return the latency window's quantiles and totals} */
  public LatencySnapshot latency() {
    return m.latency();
  }

  /**
   * {@return every custom signal's value at this sample (live ones read by the sampler), by name;
   * NaN if not measured}
   */
  public Map<String, Double> signals() {
    return m.signals();
  }

  /** {@return signals whose source failed at this sample, type to reason; empty when all are fine} */
  public Map<PressureType, String> failures() {
    return m.failures();
  }

  /** {@return signals this runtime cannot measure at all (also said once in the log)} */
  public Set<PressureType> unsupported() {
    return m.unsupported();
  }

  /**
   * The sampled verdict of a tier: which type put it under pressure at this sample. Live
   * signals and staleness are judged by {@link Tier#check(PressureSnapshot, long)}, not here.
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
   * milliseconds for eventLoopDelay and latency, bytes for heap ({@link #heapComparedBytes()})
   * and RSS, 0..1 for eventLoopUtilization, 1/0 (healthy/unhealthy) for healthCheck, the value
   * for a custom signal (as sampled; a live signal's per-request value is
   * {@link PressureReading#value(PressureType)}).
   *
   * @param type a pressure type
   * @return the value; NaN when not measured or not a measured type (stale, draining)
   */
  public double value(PressureType type) {
    if (type instanceof PressureType.Signal signal) {
      Double v = m.signals().get(signal.name());
      return v == null ? Double.NaN : v;
    }
    if (type == PressureType.EVENT_LOOP_DELAY) {
      return m.lagMillis();
    } else if (type == PressureType.HEAP_USED_BYTES) {
      return bytes(m.heapCompared());
    } else if (type == PressureType.RSS_BYTES) {
      return bytes(m.rss());
    } else if (type == PressureType.HEALTH_CHECK) {
      return m.healthy() ? 1 : 0;
    } else if (type == PressureType.EVENT_LOOP_UTILIZATION) {
      return m.utilization();
    } else if (type == PressureType.LATENCY) {
      return latencyMillis();
    }
    return Double.NaN;
  }

  private static double bytes(long b) {
    return b < 0 ? Double.NaN : b;
  }

  @Override
  public String toString() {
    StringBuilder v = new StringBuilder();
    for (int i = 0; i < tierNames.length; i++) {
      v.append(i == 0 ? "" : ", ").append(tierNames[i]).append('=').append(verdicts[i]);
    }
    return "PressureSnapshot{sequence=" + m.sequence() + ", eventLoopDelayMillis=" + m.lagMillis()
        + ", eventLoopUtilization=" + m.utilization() + ", heapUsedBytes=" + m.heapUsed()
        + ", heapComparedBytes=" + m.heapCompared() + ", rssBytes=" + m.rss() + ", healthy=" + m.healthy()
        + ", latencyMillis=" + latencyMillis() + ", signals=" + m.signals() + ", failures=" + m.failures()
        + ", verdicts={" + v + "}}";
  }
}
