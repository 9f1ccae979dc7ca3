package dev.pressure;

import dev.pressure.internal.ConfigParser;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One set of limits (a tier) judged against the monitor's snapshot: for example "readiness"
 * at 2x the nominal latency and "shed" at 4x. A limit of 0 disables its check, as in
 * under-pressure. Checks run in under-pressure's order (eventLoopDelay, heapUsedBytes,
 * rssBytes, healthCheck, eventLoopUtilization), then latency, then custom signals in the
 * order they were registered with the monitor; the first one over its limit names the
 * pressure.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}, which validates every value.
 */
public final class Thresholds {

  /** Default for every limit: 0, the check is off. */
  public static final long DISABLED = 0;

  /** Thresholds with every check off. */
  public static final Thresholds NONE = builder().build();

  private final long maxEventLoopDelayNanos;
  private final double maxEventLoopUtilization;
  private final long maxHeapUsedBytes;
  private final long maxRssBytes;
  private final boolean healthCheck;
  private final long maxLatencyNanos;
  private final Map<String, Double> maxSignals;

  private Thresholds(Builder b) {
    this.maxEventLoopDelayNanos = b.maxEventLoopDelayNanos;
    this.maxEventLoopUtilization = b.maxEventLoopUtilization;
    this.maxHeapUsedBytes = b.maxHeapUsedBytes;
    this.maxRssBytes = b.maxRssBytes;
    this.healthCheck = b.healthCheck;
    this.maxLatencyNanos = b.maxLatencyNanos;
    this.maxSignals = Collections.unmodifiableMap(new LinkedHashMap<>(b.maxSignals));
  }

  /**
   * A builder with every check off and the health check honoured.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxEventLoopDelayNanos = maxEventLoopDelayNanos;
    b.maxEventLoopUtilization = maxEventLoopUtilization;
    b.maxHeapUsedBytes = maxHeapUsedBytes;
    b.maxRssBytes = maxRssBytes;
    b.healthCheck = healthCheck;
    b.maxLatencyNanos = maxLatencyNanos;
    b.maxSignals.putAll(maxSignals);
    return b;
  }

  /** {@return scheduling-lag limit in nanoseconds; 0 = off} */
  public long maxEventLoopDelayNanos() {
    return maxEventLoopDelayNanos;
  }

  /** {@return CPU utilization limit in (0, 1]; 0 = off} */
  public double maxEventLoopUtilization() {
    return maxEventLoopUtilization;
  }

  /** {@return heap limit in bytes; 0 = off} */
  public long maxHeapUsedBytes() {
    return maxHeapUsedBytes;
  }

  /** {@return RSS limit in bytes; 0 = off} */
  public long maxRssBytes() {
    return maxRssBytes;
  }

  /** {@return whether a failing health check puts this tier under pressure} */
  public boolean healthCheck() {
    return healthCheck;
  }

  /** {@return latency-quantile limit in nanoseconds; 0 = off} */
  public long maxLatencyNanos() {
    return maxLatencyNanos;
  }

  /** {@return custom-signal limits by signal name, in insertion order; unmodifiable} */
  public Map<String, Double> maxSignals() {
    return maxSignals;
  }

  /**
   * Whether any check is on (the health check counts only when the monitor has one).
   *
   * @return true when some limit is non-zero
   */
  public boolean hasLimits() {
    return maxEventLoopDelayNanos > 0 || maxEventLoopUtilization > 0 || maxHeapUsedBytes > 0
        || maxRssBytes > 0 || maxLatencyNanos > 0 || !maxSignals.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Thresholds t && t.maxEventLoopDelayNanos == maxEventLoopDelayNanos
        && Double.compare(t.maxEventLoopUtilization, maxEventLoopUtilization) == 0
        && t.maxHeapUsedBytes == maxHeapUsedBytes && t.maxRssBytes == maxRssBytes
        && t.healthCheck == healthCheck && t.maxLatencyNanos == maxLatencyNanos && t.maxSignals.equals(maxSignals);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(maxEventLoopDelayNanos, maxEventLoopUtilization, maxHeapUsedBytes, maxRssBytes,
        healthCheck, maxLatencyNanos, maxSignals);
  }

  @Override
  public String toString() {
    return "Thresholds{maxEventLoopDelayNanos=" + maxEventLoopDelayNanos + ", maxEventLoopUtilization="
        + maxEventLoopUtilization + ", maxHeapUsedBytes=" + maxHeapUsedBytes + ", maxRssBytes="
        + maxRssBytes + ", healthCheck=" + healthCheck + ", maxLatencyNanos=" + maxLatencyNanos
        + ", maxSignals=" + maxSignals + '}';
  }

  /** Validating builder. Not thread-safe; the built {@link Thresholds} is. */
  public static final class Builder {
    private long maxEventLoopDelayNanos;
    private double maxEventLoopUtilization;
    private long maxHeapUsedBytes;
    private long maxRssBytes;
    private boolean healthCheck = true;
    private long maxLatencyNanos;
    private final Map<String, Double> maxSignals = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Pressure when scheduling lag exceeds this (under-pressure {@code maxEventLoopDelay}).
     *
     * @param max {@code >= 0}; zero disables the check
     * @return this builder
     */
    public Builder maxEventLoopDelay(Duration max) {
      maxEventLoopDelayNanos = nonNegative("maxEventLoopDelay", max);
      return this;
    }

    /**
     * Pressure when process CPU use over the last interval exceeds this share of the CPUs the
     * container may use (under-pressure {@code maxEventLoopUtilization}).
     *
     * @param max in [0, 1]; zero disables the check
     * @return this builder
     */
    public Builder maxEventLoopUtilization(double max) {
      if (!(max >= 0 && max <= 1)) {
        throw ConfigParser.error("maxEventLoopUtilization", "a number in [0, 1] (0 disables the check)", max);
      }
      maxEventLoopUtilization = max;
      return this;
    }

    /**
     * Pressure when heap in use exceeds this (under-pressure {@code maxHeapUsedBytes}).
     *
     * @param max bytes {@code >= 0}; zero disables the check
     * @return this builder
     */
    public Builder maxHeapUsedBytes(long max) {
      maxHeapUsedBytes = nonNegative("maxHeapUsedBytes", max);
      return this;
    }

    /**
     * Pressure when resident set size exceeds this (under-pressure {@code maxRssBytes}).
     *
     * @param max bytes {@code >= 0}; zero disables the check
     * @return this builder
     */
    public Builder maxRssBytes(long max) {
      maxRssBytes = nonNegative("maxRssBytes", max);
      return this;
    }

    /**
     * Whether an unhealthy health check puts this tier under pressure (default true; it only
     * applies when the monitor has a health check).
     *
     * @param honour false to ignore the health check in this tier
     * @return this builder
     */
    public Builder healthCheck(boolean honour) {
      healthCheck = honour;
      return this;
    }

    /**
     * Pressure when the monitor's latency quantile (default p99.9 over the last 60 s) exceeds this.
     *
     * @param max {@code >= 0}; zero disables the check
     * @return this builder
     */
    public Builder maxLatency(Duration max) {
      maxLatencyNanos = nonNegative("maxLatency", max);
      return this;
    }

    /**
     * Pressure when the custom signal {@code name} exceeds {@code max}.
     *
     * @param name a signal registered with the monitor
     * @param max any finite number; the check is {@code value > max}
     * @return this builder
     */
    public Builder maxSignal(String name, double max) {
      if (name == null || name.isEmpty()) {
        throw ConfigParser.error("maxSignal name", "a registered signal name", name);
      }
      if (!Double.isFinite(max)) {
        throw ConfigParser.error("maxSignal " + name, "a finite number", max);
      }
      maxSignals.put(name, max);
      return this;
    }

    /**
     * Builds the immutable thresholds.
     *
     * @return the thresholds
     */
    public Thresholds build() {
      return new Thresholds(this);
    }

    private static long nonNegative(String name, Duration d) {
      if (d == null || d.isNegative()) {
        throw ConfigParser.error(name, "a duration >= 0 (0 disables the check)", d);
      }
      return d.toNanos();
    }

    private static long nonNegative(String name, long bytes) {
      if (bytes < 0) {
        throw ConfigParser.error(name, "a size in bytes >= 0 (0 disables the check)", bytes);
      }
      return bytes;
    }
  }
}
