package dev.pressure;

import dev.pressure.internal.ConfigParser;
import dev.pressure.MonitorSettings.SignalSpec;
import dev.pressure.internal.JvmSources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Everything a {@link PressureMonitor} needs, validated and inert: building one starts no
 * thread and reads nothing. Start a monitor with {@link PressureMonitor#start(MonitorConfig)};
 * derive a changed copy with {@link #toBuilder()}. {@code PressureMonitor.builder()...build()}
 * is the one-line form of both steps.
 *
 * <pre>{@code
 * MonitorConfig config = MonitorConfig.builder()
 *     .maxHeapUsedBytes(512L << 20)
 *     .tier("readiness", Thresholds.builder().maxLatency(Duration.ofMillis(400)).build())
 *     .build();
 * try (PressureMonitor monitor = PressureMonitor.start(config)) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe (the health checks, signals, listeners and clock it holds are
 * the caller's objects, used as they are).
 */
public final class MonitorConfig {

  private final Map<String, Thresholds> tiers;
  private final List<SignalSpec> signals;
  private final Map<PressureType, FailurePolicy> failurePolicies;
  private final List<PressureListener> listeners;
  private final Duration sampleInterval;
  private final Duration lagResolution;
  private final LagStatistic lagStatistic;
  private final boolean heapUsedAfterGc;
  final HealthCheck healthCheck;
  final Duration healthCheckInterval;
  final HealthCheck livenessCheck;
  final Duration livenessInterval;
  private final Duration healthCheckTimeout;
  private final double latencyQuantile;
  private final Duration latencyMaxAge;
  private final int latencyAgeBuckets;
  final long explicitLatencyMinSamples;
  private final long latencyMinSamples;
  final List<Double> reportedQuantiles;
  final Duration explicitStaleAfter;
  private final Duration staleAfter;
  private final StalePolicy stalePolicy;
  private final LongSupplier clock;
  private final String name;
  final JvmSources sources;
  final boolean autoSample;

  MonitorConfig(MonitorSettings<?> b) {
    if (b.staleAfter != null && b.staleAfter.compareTo(b.sampleInterval.multipliedBy(2)) < 0) {
      throw ConfigParser.error("staleAfter", "at least 2 x sampleInterval (" + b.sampleInterval.toMillis()
          + "ms)", b.staleAfter);
    }
    for (PressureType type : b.failurePolicies.keySet()) {
      if (type.isCustom() && !b.signals.containsKey(type.name())) {
        throw ConfigParser.error("failurePolicy", "a built-in type or a registered signal " + b.signals.keySet(),
            type.name());
      }
    }
    LinkedHashMap<String, Thresholds> all = new LinkedHashMap<>();
    all.put(PressureMonitor.DEFAULT_TIER, b.defaultThresholds.build());
    all.putAll(b.tiers);
    all.forEach((tier, t) -> checkSignals(tier, t, b.signals));
    this.tiers = Collections.unmodifiableMap(all);
    this.signals = List.copyOf(b.signals.values());
    this.failurePolicies = Map.copyOf(b.failurePolicies);
    this.listeners = List.copyOf(b.listeners);
    this.sampleInterval = b.sampleInterval;
    this.lagResolution = b.lagResolution;
    this.lagStatistic = b.lagStatistic;
    this.heapUsedAfterGc = b.heapUsedAfterGc;
    this.healthCheck = b.healthCheck;
    this.healthCheckInterval = b.healthCheckInterval;
    this.livenessCheck = b.livenessCheck;
    this.livenessInterval = b.livenessInterval;
    this.healthCheckTimeout = b.healthCheckTimeout;
    this.latencyQuantile = b.latencyQuantile;
    this.latencyMaxAge = b.latencyMaxAge;
    this.latencyAgeBuckets = b.latencyAgeBuckets;
    this.explicitLatencyMinSamples = b.latencyMinSamples;
    this.latencyMinSamples = b.latencyMinSamples > 0 ? b.latencyMinSamples
        : defaultLatencyMinSamples(b.latencyQuantile);
    this.reportedQuantiles = b.reportedQuantiles;
    this.explicitStaleAfter = b.staleAfter;
    this.staleAfter = b.staleAfter != null ? b.staleAfter : Duration.ofNanos(Math.max(
        PressureMonitor.DEFAULT_STALE_INTERVALS * b.sampleInterval.toNanos(), TimeUnit.SECONDS.toNanos(2)));
    this.stalePolicy = b.stalePolicy;
    this.clock = b.clock;
    this.name = b.name;
    this.sources = b.sources;
    this.autoSample = b.autoSample;
  }

  /**
   * The default of {@code latencyMinSamples}: {@code ceil(1 / (1 - quantile))}, the fewest
   * samples of which the quantile is not simply the maximum (1000 for p99.9).
   *
   * @param quantile in (0, 1)
   * @return the sample count, at least 1
   */
  public static long defaultLatencyMinSamples(double quantile) {
    // The epsilon absorbs binary rounding: 1 / (1 - 0.999) is 999.9999999999991.
    return Math.max(1, (long) Math.ceil(1 / (1 - quantile) - 1e-6));
  }

  /** A tier's {@code maxSignal} names must be registered signals. */
  static void checkSignals(String tier, Thresholds t, Map<String, ?> signals) {
    for (String signal : t.maxSignals().keySet()) {
      if (!signals.containsKey(signal)) {
        throw ConfigParser.error("tier " + tier + " maxSignal",
            "the name of a signal registered with the monitor " + signals.keySet(), signal);
      }
    }
  }

  /**
   * A builder with under-pressure's defaults: every check off, sample every second.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** {@return every tier's thresholds by name, the default tier first, in configuration order} */
  public Map<String, Thresholds> tiers() {
    return tiers;
  }

  /** {@return the custom signals' names, in registration order} */
  public List<String> signalNames() {
    List<String> names = new ArrayList<>();
    signals.forEach(s -> names.add(s.name()));
    return names;
  }

  List<SignalSpec> signalSpecs() {
    return signals;
  }

  /**
   * {@return the failure policy set for each type (others use {@link
   * PressureMonitor#DEFAULT_FAILURE_POLICY})}
   */
  public Map<PressureType, FailurePolicy> failurePolicies() {
    return failurePolicies;
  }

  /**
   * The policy for a type whose source fails.
   *
   * @param type a pressure type
   * @return its policy
   */
  public FailurePolicy failurePolicy(PressureType type) {
    return failurePolicies.getOrDefault(type, PressureMonitor.DEFAULT_FAILURE_POLICY);
  }

  /** {@return the listeners added at start} */
  public List<PressureListener> listeners() {
    return listeners;
  }

  /** {@return time between samples} */
  public Duration sampleInterval() {
    return sampleInterval;
  }

  /** {@return the scheduling-lag probe's resolution} */
  public Duration eventLoopResolution() {
    return lagResolution;
  }

  /** {@return the lag statistic reported} */
  public LagStatistic lagStatistic() {
    return lagStatistic;
  }

  /** {@return whether {@code maxHeapUsedBytes} is compared with heap after GC} */
  public boolean heapUsedAfterGc() {
    return heapUsedAfterGc;
  }

  /** {@return whether a health check is configured} */
  public boolean hasHealthCheck() {
    return healthCheck != null;
  }

  /** {@return whether a liveness check is configured} */
  public boolean hasLivenessCheck() {
    return livenessCheck != null;
  }

  /** {@return how long a health or liveness check may run} */
  public Duration healthCheckTimeout() {
    return healthCheckTimeout;
  }

  /** {@return the quantile compared with {@code maxLatency}} */
  public double latencyQuantile() {
    return latencyQuantile;
  }

  /** {@return how long a request duration counts in the window} */
  public Duration latencyMaxAge() {
    return latencyMaxAge;
  }

  /** {@return the latency window's rotating slices} */
  public int latencyAgeBuckets() {
    return latencyAgeBuckets;
  }

  /** {@return how many durations the window must hold before a latency limit can trip} */
  public long latencyMinSamples() {
    return latencyMinSamples;
  }

  /** {@return every quantile each snapshot computes (reported ones plus the latency quantile), ascending} */
  public double[] reportedQuantiles() {
    double[] qs = new double[reportedQuantiles.size() + 1];
    int n = 0;
    for (double q : reportedQuantiles) {
      qs[n++] = q;
    }
    qs[n++] = latencyQuantile;
    return java.util.Arrays.stream(qs, 0, n).distinct().sorted().toArray();
  }

  /** {@return how old a snapshot may get before the stale policy applies (the default resolved)} */
  public Duration staleAfter() {
    return staleAfter;
  }

  /** {@return what tiers do with a stale snapshot} */
  public StalePolicy stalePolicy() {
    return stalePolicy;
  }

  /** {@return the nanosecond clock} */
  public LongSupplier clock() {
    return clock;
  }

  /** {@return the monitor's name, if one was given} */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  @Override
  public String toString() {
    return "MonitorConfig{name=" + name + ", tiers=" + tiers + ", signals=" + signalNames()
        + ", sampleInterval=" + sampleInterval + ", staleAfter=" + staleAfter + ", stalePolicy=" + stalePolicy + '}';
  }

  /** Builds an inert {@link MonitorConfig}. Not thread-safe. */
  public static final class Builder extends MonitorSettings<Builder> {
    Builder() {}

    Builder(MonitorConfig c) {
      super(c);
    }

    /**
     * Validates the whole configuration.
     *
     * @return the configuration; nothing is started
     */
    public MonitorConfig build() {
      return config();
    }
  }
}
