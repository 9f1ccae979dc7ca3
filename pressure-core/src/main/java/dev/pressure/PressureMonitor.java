package dev.pressure;

import dev.pressure.internal.ConfigParser;
import dev.pressure.internal.HealthCheckRunner;
import dev.pressure.internal.JvmSources;
import dev.pressure.internal.LatencyWindow;
import dev.pressure.internal.MonitorJmx;
import dev.pressure.internal.MonitorThreads;
import dev.pressure.internal.Sampler;
import dev.pressure.internal.SchedulingLagProbe;
import dev.pressure.internal.ShedCounters;
import dev.pressure.internal.SignalSource;
import dev.pressure.internal.Suggestions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Watches the JVM and the application and says whether it is under pressure: the Java
 * counterpart of Fastify's {@code @fastify/under-pressure}.
 *
 * <p>One sampler thread measures every signal each {@code sampleInterval} (fixed delay after
 * each sample, so samples never pile up; the first one interval after start) and publishes an
 * immutable {@link PressureSnapshot} through one volatile field, with every {@link Tier}'s
 * verdict already computed. A request-path check ({@link Tier#check(PressureSnapshot, long)}) is
 * a volatile read and a few comparisons. Nothing trips before the first sample.
 *
 * <p>Threads: {@code pressure-<id>-sampler} (sampling, health-check scheduling),
 * {@code pressure-<id>-lag} (scheduling-lag probe) and up to two
 * {@code pressure-<id>-health-<n>} for the health check and two {@code pressure-<id>-liveness-<n>}
 * for the liveness check (user code; each check has its own threads, so one that hangs cannot
 * starve the other), all daemons; {@code <id>} is unique in the JVM and starts with the
 * monitor's {@linkplain MonitorSettings#name(String) name} when it has one.
 * {@link #close()} stops every one of them.
 *
 * <pre>{@code
 * try (PressureMonitor monitor = PressureMonitor.builder()
 *     .maxHeapUsedBytes(512L << 20)
 *     .maxEventLoopDelay(Duration.ofMillis(200))
 *     .build()) {
 *   if (monitor.isUnderPressure()) { ... }
 * }
 * }</pre>
 *
 * <p>Thread-safe. The request-path methods ({@link #isUnderPressure()}, {@link Tier#check(long)},
 * {@link #recordLatency(long, long)}, {@link #recordShed(PressureType)}) never lock and never
 * allocate.
 */
public final class PressureMonitor implements AutoCloseable {

  /** Name of the tier the top-level builder limits configure. */
  public static final String DEFAULT_TIER = "default";
  /** Default sample interval, as under-pressure: 1 s. */
  public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(1);
  /** Smallest sample interval, as under-pressure: 10 ms. */
  public static final Duration MIN_SAMPLE_INTERVAL = Duration.ofMillis(10);
  /** Default scheduling-lag probe resolution: 10 ms, as Node's monitorEventLoopDelay. */
  public static final Duration DEFAULT_LAG_RESOLUTION = Duration.ofMillis(10);
  /** Default quantile compared with {@code maxLatency}: p99.9, as the articles. */
  public static final double DEFAULT_LATENCY_QUANTILE = 0.999;
  /** Default latency window length: 60 s, as the articles' Summary {@code maxAgeSeconds}. */
  public static final Duration DEFAULT_LATENCY_MAX_AGE = Duration.ofSeconds(60);
  /** Default number of rotating slices in the latency window: 5, as the articles' {@code ageBuckets}. */
  public static final int DEFAULT_LATENCY_AGE_BUCKETS = 5;
  /** Quantiles computed for metrics by default. */
  public static final List<Double> DEFAULT_REPORTED_QUANTILES = List.of(0.5, 0.9, 0.99, 0.999);
  /** Default health-check timeout. */
  public static final Duration DEFAULT_HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(5);
  /** Default policy for a signal whose source fails. */
  public static final FailurePolicy DEFAULT_FAILURE_POLICY = FailurePolicy.IGNORE;
  /** Default stale policy. */
  public static final StalePolicy DEFAULT_STALE_POLICY = StalePolicy.FAIL_OPEN;
  /** The snapshot is stale after this many sample intervals by default (but at least 2 s). */
  public static final int DEFAULT_STALE_INTERVALS = 5;

  private final MonitorConfig config;
  private final String id;
  private final MonitorJmx.Registration jmx;
  private final LongSupplier clock;
  private final long staleAfterNanos;
  private final StalePolicy stalePolicy;
  private final Map<String, SignalSource> signals = new LinkedHashMap<>();
  private final Tier[] tiers;
  private final String[] tierNames;
  private final LatencyWindow window;
  private final Sampler sampler;
  private final ShedCounters shed;
  private final MonitorThreads threads;
  private final HealthCheckRunner healthCheck;
  private final Publisher publisher;
  private volatile boolean closed;

  private PressureMonitor(MonitorConfig c) {
    this.config = c;
    this.clock = c.clock();
    this.staleAfterNanos = c.staleAfter().toNanos();
    this.stalePolicy = c.stalePolicy();
    for (MonitorSettings.SignalSpec s : c.signalSpecs()) {
      signals.put(s.name(), new SignalSource(s.name(), s.supplier(), s.live(), clock));
    }
    this.tierNames = c.tiers().keySet().toArray(new String[0]);
    this.tiers = new Tier[tierNames.length];
    for (int i = 0; i < tiers.length; i++) {
      tiers[i] = new Tier(this, tierNames[i], i, Tier.Limits.of(c.tiers().get(tierNames[i]), signals));
    }
    List<PressureType> known = new ArrayList<>(List.of(PressureType.builtIns()));
    signals.values().forEach(s -> known.add(s.type()));
    this.shed = new ShedCounters(known);
    this.window = new LatencyWindow(c.latencyMaxAge(), c.latencyAgeBuckets(), c.sampleInterval(), clock);
    this.sampler = new Sampler(clock, c.sources != null ? c.sources : new JvmSources(), c.lagStatistic(),
        c.eventLoopResolution().toNanos(), c.heapUsedAfterGc(), c.latencyQuantile(), c.reportedQuantiles(),
        window, List.copyOf(signals.values()));
    this.publisher = new Publisher(sampler, tiers, tierNames, c.listeners());

    // JMX and threads last: nothing half-starts when anything above throws. Registering claims
    // an id unique in the JVM, which the thread names carry.
    this.jmx = MonitorJmx.register(this, c.name().orElse(null));
    this.id = jmx.id();
    try {
      this.threads = new MonitorThreads(id);
      long timeout = c.healthCheckTimeout().toNanos();
      this.healthCheck = c.healthCheck == null ? null : threads.check("healthCheck", "health", c.healthCheck,
          c.healthCheckInterval.toNanos(), timeout, sampler.logger("healthCheck"));
      HealthCheckRunner liveness = c.livenessCheck == null ? null : threads.check("livenessCheck", "liveness",
          c.livenessCheck, c.livenessInterval.toNanos(), timeout, sampler.logger("livenessCheck"));
      sampler.checks(healthCheck, liveness);
      threads.start(() -> sampler.runLagProbe(() -> closed), publisher::sampleSafely,
          c.autoSample ? c.sampleInterval().toNanos() : 0);
    } catch (RuntimeException | Error e) {
      jmx.unregister();
      throw e;
    }
  }

  /**
   * Starts a monitor on a validated configuration: its threads run until {@link #close()}.
   *
   * @param config the configuration
   * @return the running monitor
   */
  public static PressureMonitor start(MonitorConfig config) {
    return new PressureMonitor(MonitorSettings.requireNonNull("config", config));
  }

  /** {@return a builder with under-pressure's defaults; {@link Builder#build()} starts the monitor} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@link MonitorConfig}'s settings; {@link #build()} validates them and starts a monitor. Not thread-safe. */
  public static final class Builder extends MonitorSettings<Builder> {
    private Builder() {}

    /**
     * Validates the whole configuration and starts the monitor: nothing is started when
     * validation fails.
     *
     * @return the running monitor; close it when done
     */
    public PressureMonitor build() {
      return start(config());
    }
  }

  /** {@return whether the default tier is over a limit now (under-pressure's {@code isUnderPressure()})} */
  public boolean isUnderPressure() {
    return tiers[0].check() != null;
  }

  /** {@return the default tier's verdict now: the type naming the pressure, or null} */
  public PressureType pressureType() {
    return tiers[0].check();
  }

  /**
   * Records a request duration into the latency window at the clock's current time.
   *
   * @param durationNanos the duration
   */
  public void recordLatency(long durationNanos) {
    window.record(durationNanos);
  }

  /**
   * Records a request duration that ended at {@code endNanos} (a reading of {@link #nanoTime()}).
   * Lock-free, allocation-free; never waits for the sampler.
   *
   * @param durationNanos the duration
   * @param endNanos when it ended
   */
  public void recordLatency(long durationNanos, long endNanos) {
    window.record(durationNanos, endNanos);
  }

  /**
   * Counts one request shed because of {@code type} (exported as
   * {@code pressure_shed_requests_total}). Lock-free, allocation-free for known types.
   *
   * @param type the type that named the pressure
   */
  public void recordShed(PressureType type) {
    shed.record(type);
  }

  /** {@return the monitor's clock in ns, as {@link Tier#check(long)} and {@link #recordLatency(long, long)} take} */
  public long nanoTime() {
    return clock.getAsLong();
  }

  /** {@return the latest snapshot, never null (sequence 0, not sampled, before the first sample)} */
  public PressureSnapshot snapshot() {
    return publisher.current();
  }

  /** {@return a new reading: one snapshot, each live signal read once, every tier judged on those} */
  public PressureReading read() {
    return new PressureReading(this, publisher.current(), clock.getAsLong(), List.of(tiers), signals.values());
  }

  /** {@return the configuration this monitor started with (thresholds as at start)} */
  public MonitorConfig config() {
    return config;
  }

  /** {@return this monitor's id, unique in the JVM: its thread names and JMX name carry it} */
  public String id() {
    return id;
  }

  /**
   * A tier by name.
   *
   * @param name {@link #DEFAULT_TIER} or a name given to {@link MonitorSettings#tier(String, Thresholds)}
   * @return the tier
   * @throws IllegalArgumentException when there is no such tier
   */
  public Tier tier(String name) {
    for (Tier t : tiers) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw ConfigParser.error("tier", "one of " + List.of(tierNames)
        + Suggestions.didYouMean(name, List.of(tierNames)), name);
  }

  /** {@return the tier the top-level builder limits configured} */
  public Tier defaultTier() {
    return tiers[0];
  }

  /** {@return tier names in the order they were configured, the default tier first} */
  public List<String> tierNames() {
    return List.of(tierNames);
  }

  /** {@return names of the registered custom signals, in registration order} */
  public Set<String> signalNames() {
    return java.util.Collections.unmodifiableSet(signals.keySet());
  }

  /**
   * The value a type's check compares with its limit, now: live signals are read, staleness is
   * the snapshot's age in ms, everything else comes from the latest snapshot
   * ({@link PressureSnapshot#value(PressureType)}).
   *
   * @param type a pressure type
   * @return the value; NaN when unknown
   */
  public double currentValue(PressureType type) {
    return read().value(type);
  }

  /** {@return requests shed so far per type (monotonic counters), a copy, zero counts included} */
  public Map<PressureType, Long> shedCounts() {
    return shed.snapshot();
  }

  /** {@return request durations recorded so far (monotonic; windowed: {@link PressureSnapshot#latency()})} */
  public long recordedLatencies() {
    return window.totalCount();
  }

  /** {@return the sum of request durations recorded so far in ns (monotonic, not windowed)} */
  public long recordedLatencyNanos() {
    return window.totalSumNanos();
  }

  /** {@return the quantiles each snapshot computes (reported ones and the latency quantile), ascending} */
  public double[] reportedQuantiles() {
    return config.reportedQuantiles();
  }

  /** {@return the quantile {@code maxLatency} is compared with} */
  public double latencyQuantile() {
    return config.latencyQuantile();
  }

  /** {@return the sample interval} */
  public Duration sampleInterval() {
    return config.sampleInterval();
  }

  /** {@return how old a snapshot may get before the stale policy applies} */
  public Duration staleAfter() {
    return config.staleAfter();
  }

  long staleAfterNanos() {
    return staleAfterNanos;
  }

  /** {@return what happens when the snapshot is stale} */
  public StalePolicy stalePolicy() {
    return stalePolicy;
  }

  /** {@return whether {@link #close()} was called} */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Replaces one tier's thresholds while the monitor runs: validated first, then one volatile
   * swap; the latest snapshot is judged again at once with the new limits and listeners hear
   * of every verdict that changes.
   *
   * @param tier a tier's name
   * @param thresholds its new limits; every {@code maxSignal} must name a registered signal
   * @throws IllegalArgumentException when the tier does not exist or the thresholds do not fit
   */
  public void updateThresholds(String tier, Thresholds thresholds) {
    Tier t = tier(tier);
    MonitorConfig.checkSignals(tier, MonitorSettings.requireNonNull("thresholds", thresholds), signals);
    Tier.Limits limits = Tier.Limits.of(thresholds, signals);
    publisher.update(t, limits);
  }

  /**
   * Adds a listener for transitions of any tier.
   *
   * @param listener called on the sampler thread (or the thread that changes thresholds)
   */
  public void addListener(PressureListener listener) {
    publisher.listeners.add(MonitorSettings.requireNonNull("listener", listener));
  }

  /**
   * Removes a listener.
   *
   * @param listener a listener added before
   */
  public void removeListener(PressureListener listener) {
    publisher.listeners.remove(listener);
  }

  /**
   * Stops every thread the monitor started and waits, up to a second for each group, until
   * they have ended: when it returns, no thread of this monitor is alive. A health check or
   * signal that ignores interruption is abandoned (its thread is a daemon) and logged; a check
   * interrupted by close is not a failure and logs nothing. Idempotent. Afterwards the last
   * snapshot stays readable.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    threads.close();
    jmx.unregister();
  }

  /** Takes one sample now on the caller's thread; the sampler's task, and tests that drive the clock. */
  PressureSnapshot sampleNow() {
    return publisher.sample();
  }

  SchedulingLagProbe lagProbe() {
    return sampler.lagProbe();
  }

  /** Test seam: how many health-check runs have settled. */
  long healthCheckRuns() {
    return healthCheck == null ? 0 : healthCheck.runs();
  }
}
