package dev.pressure.admission;

import dev.pressure.internal.ConfigParser;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the adaptive concurrency limit ({@code maxConcurrentRequests=adaptive}): the
 * bounds the limit stays within, where it starts, and how often it re-measures the no-load
 * latency. The algorithm and the reason for each of its fixed constants are described on
 * {@link AdaptiveLimit} and in {@code docs/admission-adaptive.md}.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}, which validates every value
 * with the message {@code <name>: <allowed>. Found: <value>}.
 */
public final class AdaptiveLimitConfig {

  /** Default lower bound of the limit ({@code minConcurrentRequests}): 1. */
  public static final int DEFAULT_MIN_LIMIT = 1;

  /** Default upper bound of the limit ({@code maxConcurrentRequestsLimit}): 1000. */
  public static final int DEFAULT_MAX_LIMIT = 1000;

  /**
   * Default starting limit: 20, concurrency-limits' default; a servlet container's pool
   * (Jetty 200, Tomcat 200 threads) is larger, so the limit grows from here while latency holds.
   */
  public static final int DEFAULT_INITIAL_LIMIT = 20;

  /**
   * Default mean time between two no-load latency re-measurements: 10 s (each one is jittered
   * by {@code +-25%} so a fleet does not probe in step, the fault of Envoy issue #8337).
   */
  public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(10);

  /** The default configuration. */
  public static final AdaptiveLimitConfig DEFAULTS = builder().build();

  private final int minLimit;
  private final int maxLimit;
  private final int initialLimit;
  private final Duration probeInterval;

  private AdaptiveLimitConfig(Builder b) {
    this.minLimit = b.minLimit;
    this.maxLimit = b.maxLimit;
    this.initialLimit = Math.max(b.minLimit, Math.min(b.maxLimit, b.initialLimit));
    this.probeInterval = b.probeInterval;
  }

  /**
   * A builder with the defaults.
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
    b.minLimit = minLimit;
    b.maxLimit = maxLimit;
    b.initialLimit = initialLimit;
    b.probeInterval = probeInterval;
    return b;
  }

  /** {@return the lowest limit, at least 1 ({@code minConcurrentRequests})} */
  public int minLimit() {
    return minLimit;
  }

  /** {@return the highest limit, at least {@link #minLimit()} ({@code maxConcurrentRequestsLimit})} */
  public int maxLimit() {
    return maxLimit;
  }

  /** {@return the starting limit, clamped into {@code [minLimit, maxLimit]} ({@code initialConcurrentRequests})} */
  public int initialLimit() {
    return initialLimit;
  }

  /** {@return mean time between no-load latency re-measurements ({@code limitProbeInterval})} */
  public Duration probeInterval() {
    return probeInterval;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AdaptiveLimitConfig c && c.minLimit == minLimit && c.maxLimit == maxLimit
        && c.initialLimit == initialLimit && c.probeInterval.equals(probeInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(minLimit, maxLimit, initialLimit, probeInterval);
  }

  @Override
  public String toString() {
    return "AdaptiveLimitConfig[minLimit=" + minLimit + ", maxLimit=" + maxLimit + ", initialLimit="
        + initialLimit + ", probeInterval=" + ConfigParser.describe(probeInterval) + "]";
  }

  /** Validating builder; not thread-safe. */
  public static final class Builder {
    private int minLimit = DEFAULT_MIN_LIMIT;
    private int maxLimit = DEFAULT_MAX_LIMIT;
    private int initialLimit = DEFAULT_INITIAL_LIMIT;
    private Duration probeInterval = DEFAULT_PROBE_INTERVAL;

    private Builder() {
    }

    /**
     * The lowest the limit goes ({@code minConcurrentRequests}).
     *
     * @param min at least 1
     * @return this builder
     */
    public Builder minLimit(int min) {
      if (min < 1) {
        throw ConfigParser.error("minConcurrentRequests", "an integer >= 1", min);
      }
      this.minLimit = min;
      return this;
    }

    /**
     * The highest the limit goes ({@code maxConcurrentRequestsLimit}).
     *
     * @param max at least 1; {@link #build()} checks it against the minimum
     * @return this builder
     */
    public Builder maxLimit(int max) {
      if (max < 1) {
        throw ConfigParser.error("maxConcurrentRequestsLimit", "an integer >= 1", max);
      }
      this.maxLimit = max;
      return this;
    }

    /**
     * Where the limit starts ({@code initialConcurrentRequests}); clamped into the bounds.
     *
     * @param initial at least 1
     * @return this builder
     */
    public Builder initialLimit(int initial) {
      if (initial < 1) {
        throw ConfigParser.error("initialConcurrentRequests", "an integer >= 1", initial);
      }
      this.initialLimit = initial;
      return this;
    }

    /**
     * Mean time between no-load latency re-measurements ({@code limitProbeInterval}).
     *
     * @param interval between 1 s and 1 h
     * @return this builder
     */
    public Builder probeInterval(Duration interval) {
      if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0
          || interval.compareTo(Duration.ofHours(1)) > 0) {
        throw ConfigParser.error("limitProbeInterval", "a duration from 1s to 1h", interval);
      }
      this.probeInterval = interval;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException when the maximum is below the minimum
     */
    public AdaptiveLimitConfig build() {
      if (maxLimit < minLimit) {
        throw ConfigParser.error("maxConcurrentRequestsLimit",
            "an integer >= minConcurrentRequests (" + minLimit + ")", maxLimit);
      }
      return new AdaptiveLimitConfig(this);
    }
  }
}
