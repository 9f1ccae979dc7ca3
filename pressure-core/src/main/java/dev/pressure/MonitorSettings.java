package dev.pressure;

import dev.pressure.internal.ConfigParser;
import dev.pressure.internal.ConfigParser;
import dev.pressure.internal.JvmSources;
import dev.pressure.internal.Setting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The settings shared by {@link MonitorConfig.Builder} (which builds an inert
 * {@link MonitorConfig}) and {@link PressureMonitor.Builder} (which starts a monitor). Every
 * setter rejects bad input at once with {@code <name>: <constraint>. Found: <value>}; the
 * final build checks what depends on several settings. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class MonitorSettings<B extends MonitorSettings<B>> {

  /** A custom signal as registered: inert until a monitor starts. */
  record SignalSpec(String name, DoubleSupplier supplier, boolean live) {}

  Thresholds.Builder defaultThresholds = Thresholds.builder();
  LinkedHashMap<String, Thresholds> tiers = new LinkedHashMap<>();
  LinkedHashMap<String, SignalSpec> signals = new LinkedHashMap<>();
  Map<PressureType, FailurePolicy> failurePolicies = new HashMap<>();
  List<PressureListener> listeners = new ArrayList<>();
  Duration sampleInterval = PressureMonitor.DEFAULT_SAMPLE_INTERVAL;
  Duration lagResolution = PressureMonitor.DEFAULT_LAG_RESOLUTION;
  LagStatistic lagStatistic = LagStatistic.MEAN;
  boolean heapUsedAfterGc;
  HealthCheck healthCheck;
  Duration healthCheckInterval;
  HealthCheck livenessCheck;
  Duration livenessInterval;
  Duration healthCheckTimeout = PressureMonitor.DEFAULT_HEALTH_CHECK_TIMEOUT;
  double latencyQuantile = PressureMonitor.DEFAULT_LATENCY_QUANTILE;
  Duration latencyMaxAge = PressureMonitor.DEFAULT_LATENCY_MAX_AGE;
  int latencyAgeBuckets = PressureMonitor.DEFAULT_LATENCY_AGE_BUCKETS;
  long latencyMinSamples; // 0: derived from the quantile
  List<Double> reportedQuantiles = PressureMonitor.DEFAULT_REPORTED_QUANTILES;
  Duration staleAfter;
  StalePolicy stalePolicy = PressureMonitor.DEFAULT_STALE_POLICY;
  LongSupplier clock = System::nanoTime;
  String name;
  JvmSources sources;
  boolean autoSample = true;

  MonitorSettings() {}

  /** Starts from an existing configuration's values. */
  MonitorSettings(MonitorConfig c) {
    defaultThresholds = c.tiers().get(PressureMonitor.DEFAULT_TIER).toBuilder();
    c.tiers().forEach((n, t) -> {
      if (!n.equals(PressureMonitor.DEFAULT_TIER)) {
        tiers.put(n, t);
      }
    });
    c.signalSpecs().forEach(s -> signals.put(s.name(), s));
    failurePolicies.putAll(c.failurePolicies());
    listeners.addAll(c.listeners());
    sampleInterval = c.sampleInterval();
    lagResolution = c.eventLoopResolution();
    lagStatistic = c.lagStatistic();
    heapUsedAfterGc = c.heapUsedAfterGc();
    healthCheck = c.healthCheck;
    healthCheckInterval = c.healthCheckInterval;
    livenessCheck = c.livenessCheck;
    livenessInterval = c.livenessInterval;
    healthCheckTimeout = c.healthCheckTimeout();
    latencyQuantile = c.latencyQuantile();
    latencyMaxAge = c.latencyMaxAge();
    latencyAgeBuckets = c.latencyAgeBuckets();
    latencyMinSamples = c.explicitLatencyMinSamples;
    reportedQuantiles = c.reportedQuantiles;
    staleAfter = c.explicitStaleAfter;
    stalePolicy = c.stalePolicy();
    clock = c.clock();
    name = c.name().orElse(null);
    sources = c.sources;
    autoSample = c.autoSample;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Default tier: pressure when scheduling lag exceeds this (under-pressure {@code maxEventLoopDelay}).
   *
   * @param max {@code >= 0}; zero (the default) disables the check
   * @return this builder
   */
  public B maxEventLoopDelay(Duration max) {
    defaultThresholds.maxEventLoopDelay(max);
    return self();
  }

  /**
   * Default tier: pressure when process CPU use over the last interval exceeds this share of
   * the container's CPUs (under-pressure {@code maxEventLoopUtilization}).
   *
   * @param max in [0, 1]; zero (the default) disables the check
   * @return this builder
   */
  public B maxEventLoopUtilization(double max) {
    defaultThresholds.maxEventLoopUtilization(max);
    return self();
  }

  /**
   * Default tier: pressure when heap in use exceeds this (under-pressure {@code maxHeapUsedBytes}).
   *
   * @param max bytes {@code >= 0}; zero (the default) disables the check
   * @return this builder
   */
  public B maxHeapUsedBytes(long max) {
    defaultThresholds.maxHeapUsedBytes(max);
    return self();
  }

  /**
   * Default tier: pressure when resident set size exceeds this (under-pressure {@code maxRssBytes}).
   *
   * @param max bytes {@code >= 0}; zero (the default) disables the check
   * @return this builder
   */
  public B maxRssBytes(long max) {
    defaultThresholds.maxRssBytes(max);
    return self();
  }

  /**
   * Default tier: pressure when the latency quantile of the window exceeds this.
   *
   * @param max {@code >= 0}; zero (the default) disables the check
   * @return this builder
   */
  public B maxLatency(Duration max) {
    defaultThresholds.maxLatency(max);
    return self();
  }

  /**
   * Default tier: pressure when custom signal {@code name} exceeds {@code max}.
   *
   * @param name a signal registered with {@link #signal} or {@link #liveSignal}
   * @param max the limit; the check is {@code value > max}
   * @return this builder
   */
  public B maxSignal(String name, double max) {
    defaultThresholds.maxSignal(name, max);
    return self();
  }

  /**
   * Replaces the default tier's limits.
   *
   * @param thresholds the limits
   * @return this builder
   */
  public B defaultTier(Thresholds thresholds) {
    defaultThresholds = requireNonNull("defaultTier", thresholds).toBuilder();
    return self();
  }

  /**
   * Adds a named tier judged against the same snapshot, e.g. {@code "readiness"} at 2x and
   * {@code "shed"} at 4x the nominal latency.
   *
   * @param name letters, digits, {@code _ . -}; not {@code "default"}; unique
   * @param thresholds the tier's limits
   * @return this builder
   */
  public B tier(String name, Thresholds thresholds) {
    if (name == null || !Setting.TIER_NAME.matcher(name).matches() || name.equals(PressureMonitor.DEFAULT_TIER)) {
      throw ConfigParser.error("tier name", Setting.TIER_NAME_RULE, name);
    }
    if (tiers.containsKey(name)) {
      throw ConfigParser.error("tier name", "unique", name);
    }
    tiers.put(name, requireNonNull("tier " + name, thresholds));
    return self();
  }

  /**
   * A health check run every {@code interval} after the previous run ends, with
   * {@link #healthCheckTimeout(Duration)}; unhealthy until its first success
   * (under-pressure {@code healthCheck} + {@code healthCheckInterval}).
   *
   * @param check the check
   * @param interval {@code >= 1ms}
   * @return this builder
   */
  public B healthCheck(HealthCheck check, Duration interval) {
    healthCheck = requireNonNull("healthCheck", check);
    healthCheckInterval = atLeast("healthCheckInterval", interval, Duration.ofMillis(1));
    return self();
  }

  /**
   * A liveness check, reported by the liveness endpoint; it puts no tier under pressure.
   *
   * @param check the check
   * @param interval {@code >= 1ms}
   * @return this builder
   */
  public B livenessCheck(HealthCheck check, Duration interval) {
    livenessCheck = requireNonNull("livenessCheck", check);
    livenessInterval = atLeast("livenessCheckInterval", interval, Duration.ofMillis(1));
    return self();
  }

  /**
   * How long a health or liveness check may run before it counts as unhealthy and is interrupted.
   *
   * @param timeout {@code >= 1ms}; default {@link PressureMonitor#DEFAULT_HEALTH_CHECK_TIMEOUT}
   * @return this builder
   */
  public B healthCheckTimeout(Duration timeout) {
    healthCheckTimeout = atLeast("healthCheckTimeout", timeout, Duration.ofMillis(1));
    return self();
  }

  /**
   * Time between the end of one sample and the start of the next (under-pressure {@code sampleInterval}).
   *
   * @param interval {@code >= 10ms}; default 1 s
   * @return this builder
   */
  public B sampleInterval(Duration interval) {
    sampleInterval = Setting.SAMPLE_INTERVAL.atLeast(interval, PressureMonitor.MIN_SAMPLE_INTERVAL);
    return self();
  }

  /**
   * How long the scheduling-lag probe sleeps each tick; lag is lateness beyond this.
   *
   * @param resolution {@code >= 1ms}; default 10 ms
   * @return this builder
   */
  public B eventLoopResolution(Duration resolution) {
    lagResolution = atLeast("eventLoopResolution", resolution, Duration.ofMillis(1));
    return self();
  }

  /**
   * Which statistic of an interval's lags is reported as {@code eventLoopDelay}.
   *
   * @param statistic default {@link LagStatistic#MEAN}, as under-pressure
   * @return this builder
   */
  public B lagStatistic(LagStatistic statistic) {
    lagStatistic = requireNonNull("lagStatistic", statistic);
    return self();
  }

  /**
   * Compare {@code maxHeapUsedBytes} with heap in use after the last GC instead of heap in
   * use now (which saw-tooths with allocation and trips on garbage).
   *
   * @param afterGc true to use heap after GC (falls back to heap used before the first GC)
   * @return this builder
   */
  public B heapUsedAfterGc(boolean afterGc) {
    heapUsedAfterGc = afterGc;
    return self();
  }

  /**
   * The latency quantile compared with {@code maxLatency}.
   *
   * @param quantile in (0, 1); default 0.999
   * @return this builder
   */
  public B latencyQuantile(double quantile) {
    latencyQuantile = quantile("latencyQuantile", quantile);
    return self();
  }

  /**
   * How long a request duration counts in the latency window.
   *
   * @param maxAge {@code >= 1ms}; default 60 s
   * @return this builder
   */
  public B latencyMaxAge(Duration maxAge) {
    latencyMaxAge = Setting.LATENCY_MAX_AGE.atLeast(maxAge, Duration.ofMillis(1));
    return self();
  }

  /**
   * How many rotating slices the latency window keeps.
   *
   * @param ageBuckets in [1, 1000]; default 5
   * @return this builder
   */
  public B latencyAgeBuckets(int ageBuckets) {
    if (ageBuckets < 1 || ageBuckets > 1000) {
      throw ConfigParser.error("latencyAgeBuckets", "a whole number in [1, 1000]", ageBuckets);
    }
    latencyAgeBuckets = ageBuckets;
    return self();
  }

  /**
   * How many request durations the latency window must hold before a latency limit
   * ({@code maxLatency} of any tier) can trip: on fewer, the quantile is their maximum and
   * one slow request would trip the tier. The quantile is still reported.
   *
   * @param minSamples in [1, 1000000000]; default
   *     {@link MonitorConfig#defaultLatencyMinSamples(double)} of the latency quantile (1000 for p99.9)
   * @return this builder
   */
  public B latencyMinSamples(long minSamples) {
    if (minSamples < 1 || minSamples > 1_000_000_000L) {
      throw ConfigParser.error("latencyMinSamples", "a whole number in [1, 1000000000]", minSamples);
    }
    latencyMinSamples = minSamples;
    return self();
  }

  /**
   * The quantiles every snapshot computes for metrics (the latency quantile is always added).
   *
   * @param quantiles each in (0, 1); default 0.5, 0.9, 0.99, 0.999
   * @return this builder
   */
  public B reportedQuantiles(double... quantiles) {
    requireNonNull("reportedQuantiles", quantiles);
    List<Double> list = new ArrayList<>();
    for (double q : quantiles) {
      list.add(quantile("reportedQuantiles", q));
    }
    reportedQuantiles = List.copyOf(list);
    return self();
  }

  /**
   * A custom signal sampled by the sampler each interval (performance-sandbox's
   * {@code queue_ratio} is one). The supplier may block briefly; it never runs on a request thread.
   *
   * @param name {@code [a-zA-Z_][a-zA-Z0-9_]*} (it becomes a metric name), unique
   * @param supplier the source; NaN or an exception counts as a failure
   * @return this builder
   */
  public B signal(String name, DoubleSupplier supplier) {
    return addSignal(name, supplier, false);
  }

  /**
   * A custom signal read on every check (on request threads), for admission decisions that
   * must see the current value, e.g. queue depth. The supplier must be O(1) and non-blocking.
   *
   * @param name {@code [a-zA-Z_][a-zA-Z0-9_]*} (it becomes a metric name), unique
   * @param supplier the source; NaN or an exception counts as a failure
   * @return this builder
   */
  public B liveSignal(String name, DoubleSupplier supplier) {
    return addSignal(name, supplier, true);
  }

  private B addSignal(String name, DoubleSupplier supplier, boolean live) {
    if (name == null || !name.matches("[a-zA-Z_][a-zA-Z0-9_]{0,99}")) {
      throw ConfigParser.error("signal name", "matching [a-zA-Z_][a-zA-Z0-9_]* (at most 100 characters)", name);
    }
    if (signals.containsKey(name)) {
      throw ConfigParser.error("signal name", "unique", name);
    }
    PressureType.signal(name); // refuses a built-in's name
    signals.put(name, new SignalSpec(name, requireNonNull("signal " + name, supplier), live));
    return self();
  }

  /**
   * What a tier does with a signal whose source fails.
   *
   * @param type a built-in type or {@code PressureType.signal(name)}
   * @param policy default {@link FailurePolicy#IGNORE}
   * @return this builder
   */
  public B failurePolicy(PressureType type, FailurePolicy policy) {
    failurePolicies.put(requireNonNull("failurePolicy type", type), requireNonNull("failurePolicy", policy));
    return self();
  }

  /**
   * How old the snapshot may be before {@link #stalePolicy(StalePolicy)} applies.
   *
   * @param staleAfter {@code >= 2 x sampleInterval}; default max(5 x sampleInterval, 2 s)
   * @return this builder
   */
  public B staleAfter(Duration staleAfter) {
    this.staleAfter = atLeast("staleAfter", staleAfter, Duration.ofMillis(20));
    return self();
  }

  /**
   * What tiers do when the snapshot is stale (the sampler died or stalls).
   *
   * @param policy default {@link StalePolicy#FAIL_OPEN}
   * @return this builder
   */
  public B stalePolicy(StalePolicy policy) {
    stalePolicy = requireNonNull("stalePolicy", policy);
    return self();
  }

  /**
   * A listener for tier transitions.
   *
   * @param listener called on the sampler thread
   * @return this builder
   */
  public B listener(PressureListener listener) {
    listeners.add(requireNonNull("listener", listener));
    return self();
  }

  /**
   * The nanosecond clock (default {@link System#nanoTime()}); inject one to test time-based
   * behaviour without waiting.
   *
   * @param clock a monotonic nanosecond clock
   * @return this builder
   */
  public B clock(LongSupplier clock) {
    this.clock = requireNonNull("clock", clock);
    return self();
  }

  /**
   * A name for the monitor, shown in its thread names ({@code pressure-<name>-<n>-sampler-1})
   * and its JMX name; the servlet module uses the web application's context name.
   *
   * @param name 1 to 64 of letters, digits, {@code _ . -}; null for none
   * @return this builder
   */
  public B name(String name) {
    if (name != null && !name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw ConfigParser.error("name", "1 to 64 of letters, digits, '_', '.', '-'", name);
    }
    this.name = name;
    return self();
  }

  /** Test seam: where the monitor reads the JVM. */
  B sources(JvmSources sources) {
    this.sources = sources;
    return self();
  }

  /** Test seam: tests that sample on their own thread turn the schedule off. */
  B autoSample(boolean autoSample) {
    this.autoSample = autoSample;
    return self();
  }

  /** Validates the whole configuration: what {@code build()} of either builder does first. */
  MonitorConfig config() {
    return new MonitorConfig(this);
  }

  static Duration atLeast(String name, Duration d, Duration min) {
    if (d == null || d.compareTo(min) < 0) {
      throw ConfigParser.error(name, "a duration >= " + min.toMillis() + "ms", d);
    }
    return d;
  }

  static double quantile(String name, double q) {
    if (!(q > 0 && q < 1)) {
      throw ConfigParser.error(name, "a quantile in (0, 1)", q);
    }
    return q;
  }

  static <T> T requireNonNull(String name, T value) {
    if (value == null) {
      throw ConfigParser.error(name, "not null", null);
    }
    return value;
  }
}
