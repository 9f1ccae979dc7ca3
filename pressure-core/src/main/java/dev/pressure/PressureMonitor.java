package dev.pressure;

import dev.pressure.internal.CgroupCpuLimit;
import dev.pressure.internal.CpuUtilizationSource;
import dev.pressure.internal.DaemonThreadFactory;
import dev.pressure.internal.HealthCheckRunner;
import dev.pressure.internal.LatencyWindow;
import dev.pressure.internal.ProcStatusRss;
import dev.pressure.internal.RateLimitedLogger;
import dev.pressure.internal.SchedulingLagProbe;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Watches the JVM and the application and says whether it is under pressure: the Java
 * counterpart of Fastify's {@code @fastify/under-pressure}.
 *
 * <p>One sampler thread measures every signal each {@code sampleInterval} (fixed delay after
 * each sample, so samples never pile up; the first one interval after start) and publishes an
 * immutable {@link PressureSnapshot} through one volatile field, with every {@link Tier}'s
 * verdict already computed. A request-path check ({@link Tier#check(long)}) is a volatile
 * read and a few comparisons. Nothing trips before the first sample.
 *
 * <p>Threads: {@code pressure-<id>-sampler} (sampling, health-check scheduling),
 * {@code pressure-<id>-lag} (scheduling-lag probe) and up to two
 * {@code pressure-<id>-health-<n>} for the health check and two {@code pressure-<id>-liveness-<n>}
 * for the liveness check (user code; each check has its own threads, so one that hangs cannot
 * starve the other), all daemons.
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

  private static final AtomicInteger IDS = new AtomicInteger();
  private static final long LOG_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(60);

  volatile PressureSnapshot current;
  final long staleAfterNanos;
  final StalePolicy stalePolicy;

  private final int id;
  private final LongSupplier clock;
  private final long sampleIntervalNanos;
  private final LagStatistic lagStatistic;
  private final boolean heapAfterGcForLimit;
  private final double latencyQuantile;
  private final double[] reportedQuantiles;
  private final LatencyWindow latencyWindow;
  private final Map<String, SignalSource> signals;
  private final Map<PressureType, FailurePolicy> failurePolicies;
  private final String[] tierNames;
  private final Tier[] tiers;
  private final Tier defaultTier;
  private final Map<PressureType, LongAdder> shedCounts = new ConcurrentHashMap<>();
  private final List<PressureListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, RateLimitedLogger> failureLogs = new ConcurrentHashMap<>();

  private final Sources sources;
  private final SchedulingLagProbe lagProbe;
  private final CpuUtilizationSource cpu;
  private final ProcStatusRss rss;
  private final ScheduledThreadPoolExecutor scheduler;
  private final ExecutorService healthPool;
  private final ExecutorService livenessPool;
  private final List<DaemonThreadFactory> threadFactories = new ArrayList<>();
  private final HealthCheckRunner healthCheck;
  private final HealthCheckRunner livenessCheck;
  private final Thread lagThread;
  private volatile boolean closed;
  private volatile Throwable lagProbeDeath;
  private boolean rssUnsupportedLogged;
  private long sequence;

  private PressureMonitor(Builder b) {
    this.id = IDS.incrementAndGet();
    this.clock = b.clock;
    this.sampleIntervalNanos = b.sampleInterval.toNanos();
    this.lagStatistic = b.lagStatistic;
    this.heapAfterGcForLimit = b.heapUsedAfterGc;
    this.latencyQuantile = b.latencyQuantile;
    this.reportedQuantiles = reportedQuantiles(b.reportedQuantiles, b.latencyQuantile);
    this.latencyWindow = new LatencyWindow(b.latencyMaxAge, b.latencyAgeBuckets, b.sampleInterval, clock);
    this.signals = Collections.unmodifiableMap(new LinkedHashMap<>(b.signals));
    this.failurePolicies = Map.copyOf(b.failurePolicies);
    this.staleAfterNanos = b.staleAfter != null
        ? b.staleAfter.toNanos()
        : Math.max(DEFAULT_STALE_INTERVALS * sampleIntervalNanos, TimeUnit.SECONDS.toNanos(2));
    this.stalePolicy = b.stalePolicy;

    LinkedHashMap<String, Thresholds> tierConfig = new LinkedHashMap<>();
    tierConfig.put(DEFAULT_TIER, b.defaultThresholds.build());
    tierConfig.putAll(b.tiers);
    this.tierNames = tierConfig.keySet().toArray(new String[0]);
    this.tiers = new Tier[tierNames.length];
    int i = 0;
    for (Map.Entry<String, Thresholds> e : tierConfig.entrySet()) {
      tiers[i] = new Tier(this, e.getKey(), i, e.getValue(), signals); // validates signal names
      i++;
    }
    this.defaultTier = tiers[0];
    for (PressureType type : PressureType.builtIns()) {
      shedCounts.put(type, new LongAdder());
    }
    for (SignalSource s : signals.values()) {
      shedCounts.put(s.type, new LongAdder());
    }
    listeners.addAll(b.listeners);

    this.sources = b.sources;
    long start = clock.getAsLong();
    this.current = new PressureSnapshot(0, start, 0, 0, 0, -1, 0, true, "ok", true, "ok",
        latencyQuantile, LatencySnapshot.EMPTY, zeroSignals(), Map.of(), tierNames,
        new PressureType[tiers.length]);

    // Start threads last: nothing half-starts when validation above throws.
    String prefix = "pressure-" + id;
    this.cpu = new CpuUtilizationSource(sources.processCpuNanos, clock,
        CgroupCpuLimit.effectiveCpus(sources.cgroupRoot, Runtime.getRuntime().availableProcessors()));
    this.rss = new ProcStatusRss(sources.procStatus);
    this.scheduler = new ScheduledThreadPoolExecutor(1, threadFactory(prefix + "-sampler"));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.healthPool = b.healthCheck == null ? null : checkPool(threadFactory(prefix + "-health"));
    this.livenessPool = b.livenessCheck == null ? null : checkPool(threadFactory(prefix + "-liveness"));
    long timeout = b.healthCheckTimeout.toNanos();
    this.healthCheck = b.healthCheck == null ? null : new HealthCheckRunner("healthCheck",
        b.healthCheck, b.healthCheckInterval.toNanos(), timeout, scheduler, healthPool, logger("healthCheck"));
    this.livenessCheck = b.livenessCheck == null ? null : new HealthCheckRunner("livenessCheck",
        b.livenessCheck, b.livenessInterval.toNanos(), timeout, scheduler, livenessPool, logger("livenessCheck"));
    this.lagProbe = new SchedulingLagProbe(clock, sources.lagSleeper, b.lagResolution.toNanos());
    this.lagThread = threadFactory(prefix + "-lag").newThread(this::runLagProbe);
    lagThread.setPriority(Thread.NORM_PRIORITY);
    lagThread.start();
    if (healthCheck != null) {
      healthCheck.start();
    }
    if (livenessCheck != null) {
      livenessCheck.start();
    }
    if (b.autoSample) {
      scheduler.scheduleWithFixedDelay(
          this::sampleSafely, sampleIntervalNanos, sampleIntervalNanos, TimeUnit.NANOSECONDS);
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

  // ---------------------------------------------------------------- request path

  /**
   * Whether the default tier is under pressure (under-pressure's {@code isUnderPressure()}).
   *
   * @return true when a check of the default tier is over its limit
   */
  public boolean isUnderPressure() {
    return defaultTier.check() != null;
  }

  /**
   * The default tier's verdict now.
   *
   * @return the type naming the pressure, or null
   */
  public PressureType pressureType() {
    return defaultTier.check();
  }

  /**
   * Records a request duration into the latency window at the clock's current time.
   *
   * @param durationNanos the duration
   */
  public void recordLatency(long durationNanos) {
    latencyWindow.record(durationNanos);
  }

  /**
   * Records a request duration that ended at {@code endNanos} (a reading of {@link #nanoTime()}).
   * Lock-free, allocation-free.
   *
   * @param durationNanos the duration
   * @param endNanos when it ended
   */
  public void recordLatency(long durationNanos, long endNanos) {
    latencyWindow.record(durationNanos, endNanos);
  }

  /**
   * Counts one request shed because of {@code type} (exported as
   * {@code pressure_shed_requests_total}). Lock-free, allocation-free for known types.
   *
   * @param type the type that named the pressure
   */
  public void recordShed(PressureType type) {
    LongAdder adder = shedCounts.get(type);
    if (adder == null) {
      adder = shedCounts.computeIfAbsent(type, t -> new LongAdder());
    }
    adder.increment();
  }

  /**
   * The monitor's clock, which {@link Tier#check(long)} and {@link #recordLatency(long, long)}
   * expect readings of ({@link System#nanoTime()} unless a test injected another).
   *
   * @return nanoseconds
   */
  public long nanoTime() {
    return clock.getAsLong();
  }

  // ---------------------------------------------------------------- reading

  /**
   * The latest snapshot (the one published at start, with sequence 0, before the first sample).
   *
   * @return never null
   */
  public PressureSnapshot snapshot() {
    return current;
  }

  /**
   * A tier by name.
   *
   * @param name {@link #DEFAULT_TIER} or a name given to {@link Builder#tier(String, Thresholds)}
   * @return the tier
   * @throws IllegalArgumentException when there is no such tier
   */
  public Tier tier(String name) {
    for (Tier t : tiers) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw ConfigParser.error("tier", "one of " + Arrays.toString(tierNames), name);
  }

  /** @return the tier the top-level builder limits configured */
  public Tier defaultTier() {
    return defaultTier;
  }

  /** @return tier names in the order they were configured, the default tier first */
  public List<String> tierNames() {
    return List.of(tierNames);
  }

  /** @return names of the registered custom signals, in registration order */
  public Set<String> signalNames() {
    return signals.keySet();
  }

  /**
   * The value a type's check compares with its limit, now: live signals are read, everything
   * else comes from the latest snapshot ({@link PressureSnapshot#value(PressureType)}).
   *
   * @param type a pressure type
   * @return the value; NaN when unknown
   */
  public double currentValue(PressureType type) {
    if (type.isCustom()) {
      SignalSource source = signals.get(type.name());
      if (source != null && source.live) {
        return readLive(source);
      }
    }
    if (type.equals(PressureType.STALE)) {
      return (clock.getAsLong() - current.timestampNanos()) / 1e6;
    }
    return current.value(type);
  }

  /**
   * Requests shed so far, per type (monotonic counters).
   *
   * @return a copy, types with a zero count included
   */
  public Map<PressureType, Long> shedCounts() {
    Map<PressureType, Long> copy = new LinkedHashMap<>();
    shedCounts.forEach((type, adder) -> copy.put(type, adder.sum()));
    return copy;
  }

  /**
   * All request durations recorded so far (monotonic, not windowed); the windowed quantiles
   * are in {@link PressureSnapshot#latency()}.
   *
   * @return the count
   */
  public long recordedLatencies() {
    return latencyWindow.totalCount();
  }

  /**
   * The sum of all request durations recorded so far (monotonic, not windowed).
   *
   * @return nanoseconds
   */
  public long recordedLatencyNanos() {
    return latencyWindow.totalSumNanos();
  }

  /** @return the quantiles each snapshot computes (reported quantiles plus the latency quantile), ascending */
  public double[] reportedQuantiles() {
    return reportedQuantiles.clone();
  }

  /** @return the quantile {@code maxLatency} is compared with */
  public double latencyQuantile() {
    return latencyQuantile;
  }

  /** @return the sample interval */
  public Duration sampleInterval() {
    return Duration.ofNanos(sampleIntervalNanos);
  }

  /** @return how old a snapshot may get before the stale policy applies */
  public Duration staleAfter() {
    return Duration.ofNanos(staleAfterNanos);
  }

  /** @return what happens when the snapshot is stale */
  public StalePolicy stalePolicy() {
    return stalePolicy;
  }

  /** @return whether {@link #close()} was called */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Adds a listener for transitions of any tier.
   *
   * @param listener called on the sampler thread
   */
  public void addListener(PressureListener listener) {
    listeners.add(requireNonNull("listener", listener));
  }

  /**
   * Removes a listener.
   *
   * @param listener a listener added before
   */
  public void removeListener(PressureListener listener) {
    listeners.remove(listener);
  }

  /**
   * Stops every thread the monitor started and waits, up to a second for each group, until
   * they have ended: when it returns, no thread of this monitor is alive. A health check or
   * signal that ignores interruption is abandoned (its thread is a daemon) and logged.
   * Idempotent. Afterwards the last snapshot stays readable.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (healthCheck != null) {
      healthCheck.stop();
    }
    if (livenessCheck != null) {
      livenessCheck.stop();
    }
    lagThread.interrupt();
    scheduler.shutdownNow();
    for (ExecutorService pool : new ExecutorService[] {healthPool, livenessPool}) {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    // Wait for the threads themselves, not only for the executors: an executor is terminated
    // a moment before its worker thread exits, and leak detectors (Tomcat's on undeploy)
    // look for live threads right after close() returns.
    try {
      for (DaemonThreadFactory threads : threadFactories) {
        if (!threads.awaitThreads(System.nanoTime() + TimeUnit.SECONDS.toNanos(1))) {
          System.getLogger("dev.pressure").log(Level.WARNING,
              "pressure: a thread ignored interruption (a health check or a custom signal that does not"
                  + " return); its daemon thread is abandoned");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private DaemonThreadFactory threadFactory(String threadPrefix) {
    DaemonThreadFactory factory = new DaemonThreadFactory(threadPrefix);
    threadFactories.add(factory);
    return factory;
  }

  /** Two threads per check: one may be stuck in a run that timed out while the next runs. */
  private static ExecutorService checkPool(DaemonThreadFactory threads) {
    return new ThreadPoolExecutor(0, 2, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads);
  }

  // ---------------------------------------------------------------- sampling

  /** Takes one sample now on the caller's thread; for tests that drive the clock. */
  PressureSnapshot sampleNow() {
    synchronized (this) {
      PressureSnapshot previous = current;
      PressureSnapshot next = takeSample();
      current = next;
      notifyListeners(previous, next);
      return next;
    }
  }

  SchedulingLagProbe lagProbe() {
    return lagProbe;
  }

  /** Test hook: how many health-check runs have settled (succeeded, failed, timed out or were refused). */
  long healthCheckRuns() {
    return healthCheck == null ? 0 : healthCheck.runs();
  }

  /** Test hook: this monitor's threads are named {@code pressure-<id>-...}. */
  int id() {
    return id;
  }

  private void sampleSafely() {
    try {
      sampleNow();
    } catch (Throwable t) {
      // Never let anything escape: a periodic task that throws is cancelled for good, and the
      // sampler would stay dead after the fault cleared. A lasting failure shows as staleness.
      try {
        logger("sampler").log(Level.ERROR, "pressure: sampling failed", t);
      } catch (Throwable logFailed) {
        // Logging failed too (the same clock, a broken handler): staleness still reports it.
      }
    }
  }

  private PressureSnapshot takeSample() {
    long now = clock.getAsLong();
    Map<String, String> failures = new LinkedHashMap<>();

    // Any Throwable from a source (an MXBean, /proc, user code) fails that signal only: the
    // others are still sampled and the snapshot is still published.
    double lagMillis;
    Throwable probeDeath = lagProbeDeath;
    if (probeDeath != null) {
      // A dead probe never wakes again: draining it would report an ever-growing "lag".
      lagMillis = fail(PressureType.EVENT_LOOP_DELAY, failures, probeDeath);
    } else {
      try {
        lagMillis = lagProbe.drain(lagStatistic) / 1e6;
      } catch (Throwable e) {
        lagMillis = fail(PressureType.EVENT_LOOP_DELAY, failures, e);
      }
    }
    double utilization;
    try {
      utilization = cpu.sample();
    } catch (Throwable e) {
      utilization = fail(PressureType.EVENT_LOOP_UTILIZATION, failures, e);
    }
    long heapUsed;
    try {
      heapUsed = sources.heapUsed.getAsLong();
    } catch (Throwable e) {
      fail(PressureType.HEAP_USED_BYTES, failures, e);
      heapUsed = -1;
    }
    long heapAfterGc;
    try {
      heapAfterGc = sources.heapAfterGc.getAsLong();
    } catch (Throwable e) {
      heapAfterGc = -1;
    }
    long rssBytes;
    try {
      rssBytes = rss.rssBytes();
      if (rssBytes == ProcStatusRss.UNSUPPORTED && !rssUnsupportedLogged) {
        rssUnsupportedLogged = true;
        System.getLogger("dev.pressure").log(Level.INFO, "pressure: rssBytes is unsupported here ("
            + sources.procStatus + " does not exist); maxRssBytes checks are skipped");
      }
    } catch (Throwable e) {
      fail(PressureType.RSS_BYTES, failures, e);
      rssBytes = -1;
    }
    HealthCheckRunner.Result health = healthCheck == null ? null : healthCheck.result();
    HealthCheckRunner.Result liveness = livenessCheck == null ? null : livenessCheck.result();

    Map<String, Double> signalValues = new LinkedHashMap<>();
    for (SignalSource source : signals.values()) {
      double v = source.live ? readLive(source) : readSampled(source, failures);
      if (source.live && v != v) {
        failures.put(source.name, "returned NaN or threw");
      }
      signalValues.put(source.name, v);
    }

    LatencySnapshot latency = latencyWindow.snapshot(now, reportedQuantiles);
    long latencyNanos = (long) latency.quantileNanos(latencyQuantile);
    long heapForLimit = heapAfterGcForLimit && heapAfterGc >= 0 ? heapAfterGc : heapUsed;
    PressureType[] verdicts = new PressureType[tiers.length];
    for (int i = 0; i < tiers.length; i++) {
      verdicts[i] = tiers[i].judge(lagMillis, utilization, heapForLimit, rssBytes, health != null,
          health == null || health.healthy, latencyNanos, signalValues, failures);
    }
    return new PressureSnapshot(++sequence, now, lagMillis, utilization, heapUsed, heapAfterGc,
        rssBytes, health == null || health.healthy, health == null ? "ok" : health.detail,
        liveness == null || liveness.healthy, liveness == null ? "ok" : liveness.detail,
        latencyQuantile, latency, signalValues, failures, tierNames, verdicts);
  }

  private double readSampled(SignalSource source, Map<String, String> failures) {
    try {
      double v = source.supplier.getAsDouble();
      if (v != v) {
        failures.put(source.name, "returned NaN");
      }
      return v;
    } catch (Throwable e) {
      return fail(source.type, failures, e);
    }
  }

  /** Reads a live signal on the caller's thread; a supplier that throws anything reads as NaN. */
  double readLive(SignalSource source) {
    try {
      return source.supplier.getAsDouble();
    } catch (Throwable e) {
      logger(source.name).log(Level.WARNING, "pressure: live signal " + source.name + " threw", e);
      return Double.NaN;
    }
  }

  FailurePolicy failurePolicy(PressureType type) {
    return failurePolicies.getOrDefault(type, DEFAULT_FAILURE_POLICY);
  }

  private double fail(PressureType type, Map<String, String> failures, Throwable e) {
    failures.put(type.name(), String.valueOf(e));
    logger(type.name()).log(Level.WARNING, "pressure: signal " + type.name() + " failed", e);
    return Double.NaN;
  }

  private RateLimitedLogger logger(String key) {
    return failureLogs.computeIfAbsent(key, k -> new RateLimitedLogger(LOG_PERIOD_NANOS, clock));
  }

  private void notifyListeners(PressureSnapshot previous, PressureSnapshot next) {
    if (listeners.isEmpty()) {
      return;
    }
    for (int i = 0; i < tiers.length; i++) {
      PressureType before = previous.verdict(i);
      PressureType after = next.verdict(i);
      if (before == null ? after == null : before.equals(after)) {
        continue;
      }
      for (PressureListener listener : listeners) {
        try {
          listener.onPressureChange(tierNames[i], before, after, next);
        } catch (Throwable e) {
          Tier.logListenerFailure(tierNames[i], e);
        }
      }
    }
  }

  private void runLagProbe() {
    try {
      while (!closed) {
        lagProbe.tick();
      }
    } catch (InterruptedException e) {
      // close() interrupts the probe: exit.
    } catch (Throwable e) {
      // Sampling goes on without the probe; eventLoopDelay is reported as failed from now on.
      lagProbeDeath = e;
      System.getLogger("dev.pressure").log(Level.ERROR, "pressure: the scheduling-lag probe thread died;"
          + " eventLoopDelay is reported as failed until the monitor is rebuilt", e);
    }
  }

  private Map<String, Double> zeroSignals() {
    Map<String, Double> zeros = new LinkedHashMap<>();
    for (String name : signals.keySet()) {
      zeros.put(name, 0.0);
    }
    return zeros;
  }

  private static double[] reportedQuantiles(List<Double> reported, double latencyQuantile) {
    double[] qs = new double[reported.size() + 1];
    int n = 0;
    for (double q : reported) {
      qs[n++] = q;
    }
    qs[n++] = latencyQuantile;
    return Arrays.stream(qs, 0, n).distinct().sorted().toArray();
  }

  private static <T> T requireNonNull(String name, T value) {
    if (value == null) {
      throw ConfigParser.error(name, "not null", null);
    }
    return value;
  }

  /** Where the monitor reads the JVM; replaced by fakes in tests. */
  static final class Sources {
    LongSupplier processCpuNanos = PressureMonitor::processCpuNanos;
    LongSupplier heapUsed = () -> ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    LongSupplier heapAfterGc = PressureMonitor::heapAfterGc;
    Path procStatus = Paths.get("/proc/self/status");
    Path cgroupRoot = Paths.get("/sys/fs/cgroup");
    SchedulingLagProbe.Sleeper lagSleeper = nanos -> {
      Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    };
  }

  private static long processCpuNanos() {
    try {
      java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean) {
        return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
      }
    } catch (LinkageError e) {
      // jdk.management is not in this runtime image.
    }
    return -1;
  }

  private static long heapAfterGc() {
    long total = 0;
    boolean any = false;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP) {
        continue;
      }
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (afterGc != null) {
        total += afterGc.getUsed();
        any = true;
      }
    }
    return any ? total : -1;
  }

  // ---------------------------------------------------------------- builder

  /**
   * Validating builder; {@link #build()} starts the monitor. Every setter rejects bad input at
   * once with {@code <name>: <constraint>. Found: <value>}; {@code build()} checks what
   * depends on several settings. Not thread-safe.
   */
  public static final class Builder {
    private Thresholds.Builder defaultThresholds = Thresholds.builder();
    private final LinkedHashMap<String, Thresholds> tiers = new LinkedHashMap<>();
    private final LinkedHashMap<String, SignalSource> signals = new LinkedHashMap<>();
    private final Map<PressureType, FailurePolicy> failurePolicies = new HashMap<>();
    private final List<PressureListener> listeners = new ArrayList<>();
    private Duration sampleInterval = DEFAULT_SAMPLE_INTERVAL;
    private Duration lagResolution = DEFAULT_LAG_RESOLUTION;
    private LagStatistic lagStatistic = LagStatistic.MEAN;
    private boolean heapUsedAfterGc;
    private HealthCheck healthCheck;
    private Duration healthCheckInterval;
    private HealthCheck livenessCheck;
    private Duration livenessInterval;
    private Duration healthCheckTimeout = DEFAULT_HEALTH_CHECK_TIMEOUT;
    private double latencyQuantile = DEFAULT_LATENCY_QUANTILE;
    private Duration latencyMaxAge = DEFAULT_LATENCY_MAX_AGE;
    private int latencyAgeBuckets = DEFAULT_LATENCY_AGE_BUCKETS;
    private List<Double> reportedQuantiles = DEFAULT_REPORTED_QUANTILES;
    private Duration staleAfter;
    private StalePolicy stalePolicy = DEFAULT_STALE_POLICY;
    private LongSupplier clock = System::nanoTime;
    private Sources sources = new Sources();
    private boolean autoSample = true;

    private Builder() {}

    /**
     * Default tier: pressure when scheduling lag exceeds this (under-pressure {@code maxEventLoopDelay}).
     *
     * @param max {@code >= 0}; zero (the default) disables the check
     * @return this builder
     */
    public Builder maxEventLoopDelay(Duration max) {
      defaultThresholds.maxEventLoopDelay(max);
      return this;
    }

    /**
     * Default tier: pressure when process CPU use over the last interval exceeds this share of
     * the container's CPUs (under-pressure {@code maxEventLoopUtilization}).
     *
     * @param max in [0, 1]; zero (the default) disables the check
     * @return this builder
     */
    public Builder maxEventLoopUtilization(double max) {
      defaultThresholds.maxEventLoopUtilization(max);
      return this;
    }

    /**
     * Default tier: pressure when heap in use exceeds this (under-pressure {@code maxHeapUsedBytes}).
     *
     * @param max bytes {@code >= 0}; zero (the default) disables the check
     * @return this builder
     */
    public Builder maxHeapUsedBytes(long max) {
      defaultThresholds.maxHeapUsedBytes(max);
      return this;
    }

    /**
     * Default tier: pressure when resident set size exceeds this (under-pressure {@code maxRssBytes}).
     *
     * @param max bytes {@code >= 0}; zero (the default) disables the check
     * @return this builder
     */
    public Builder maxRssBytes(long max) {
      defaultThresholds.maxRssBytes(max);
      return this;
    }

    /**
     * Default tier: pressure when the latency quantile of the window exceeds this.
     *
     * @param max {@code >= 0}; zero (the default) disables the check
     * @return this builder
     */
    public Builder maxLatency(Duration max) {
      defaultThresholds.maxLatency(max);
      return this;
    }

    /**
     * Default tier: pressure when custom signal {@code name} exceeds {@code max}.
     *
     * @param name a signal registered with {@link #signal} or {@link #liveSignal}
     * @param max the limit; the check is {@code value > max}
     * @return this builder
     */
    public Builder maxSignal(String name, double max) {
      defaultThresholds.maxSignal(name, max);
      return this;
    }

    /**
     * Replaces the default tier's limits.
     *
     * @param thresholds the limits
     * @return this builder
     */
    public Builder defaultTier(Thresholds thresholds) {
      defaultThresholds = requireNonNull("defaultTier", thresholds).toBuilder();
      return this;
    }

    /**
     * Adds a named tier judged against the same snapshot, e.g. {@code "readiness"} at 2x and
     * {@code "shed"} at 4x the nominal latency.
     *
     * @param name letters, digits, {@code _ . -}; not {@code "default"}; unique
     * @param thresholds the tier's limits
     * @return this builder
     */
    public Builder tier(String name, Thresholds thresholds) {
      if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}") || name.equals(DEFAULT_TIER)) {
        throw ConfigParser.error("tier name",
            "1 to 64 of letters, digits, '_', '.', '-', other than \"default\"", name);
      }
      if (tiers.containsKey(name)) {
        throw ConfigParser.error("tier name", "unique", name);
      }
      tiers.put(name, requireNonNull("tier " + name, thresholds));
      return this;
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
    public Builder healthCheck(HealthCheck check, Duration interval) {
      healthCheck = requireNonNull("healthCheck", check);
      healthCheckInterval = atLeast("healthCheckInterval", interval, Duration.ofMillis(1));
      return this;
    }

    /**
     * A liveness check, reported by the liveness endpoint; it puts no tier under pressure.
     *
     * @param check the check
     * @param interval {@code >= 1ms}
     * @return this builder
     */
    public Builder livenessCheck(HealthCheck check, Duration interval) {
      livenessCheck = requireNonNull("livenessCheck", check);
      livenessInterval = atLeast("livenessCheckInterval", interval, Duration.ofMillis(1));
      return this;
    }

    /**
     * How long a health or liveness check may run before it counts as unhealthy and is interrupted.
     *
     * @param timeout {@code >= 1ms}; default {@link #DEFAULT_HEALTH_CHECK_TIMEOUT}
     * @return this builder
     */
    public Builder healthCheckTimeout(Duration timeout) {
      healthCheckTimeout = atLeast("healthCheckTimeout", timeout, Duration.ofMillis(1));
      return this;
    }

    /**
     * Time between the end of one sample and the start of the next (under-pressure {@code sampleInterval}).
     *
     * @param interval {@code >= 10ms}; default 1 s
     * @return this builder
     */
    public Builder sampleInterval(Duration interval) {
      sampleInterval = atLeast("sampleInterval", interval, MIN_SAMPLE_INTERVAL);
      return this;
    }

    /**
     * How long the scheduling-lag probe sleeps each tick; lag is lateness beyond this.
     *
     * @param resolution {@code >= 1ms}; default 10 ms
     * @return this builder
     */
    public Builder eventLoopResolution(Duration resolution) {
      lagResolution = atLeast("eventLoopResolution", resolution, Duration.ofMillis(1));
      return this;
    }

    /**
     * Which statistic of an interval's lags is reported as {@code eventLoopDelay}.
     *
     * @param statistic default {@link LagStatistic#MEAN}, as under-pressure
     * @return this builder
     */
    public Builder lagStatistic(LagStatistic statistic) {
      lagStatistic = requireNonNull("lagStatistic", statistic);
      return this;
    }

    /**
     * Compare {@code maxHeapUsedBytes} with heap in use after the last GC instead of heap in
     * use now (which saw-tooths with allocation and trips on garbage).
     *
     * @param afterGc true to use heap after GC (falls back to heap used before the first GC)
     * @return this builder
     */
    public Builder heapUsedAfterGc(boolean afterGc) {
      heapUsedAfterGc = afterGc;
      return this;
    }

    /**
     * The latency quantile compared with {@code maxLatency}.
     *
     * @param quantile in (0, 1); default 0.999
     * @return this builder
     */
    public Builder latencyQuantile(double quantile) {
      latencyQuantile = quantile("latencyQuantile", quantile);
      return this;
    }

    /**
     * How long a request duration counts in the latency window.
     *
     * @param maxAge {@code >= 1ms}; default 60 s
     * @return this builder
     */
    public Builder latencyMaxAge(Duration maxAge) {
      latencyMaxAge = atLeast("latencyMaxAge", maxAge, Duration.ofMillis(1));
      return this;
    }

    /**
     * How many rotating slices the latency window keeps.
     *
     * @param ageBuckets in [1, 1000]; default 5
     * @return this builder
     */
    public Builder latencyAgeBuckets(int ageBuckets) {
      if (ageBuckets < 1 || ageBuckets > 1000) {
        throw ConfigParser.error("latencyAgeBuckets", "a whole number in [1, 1000]", ageBuckets);
      }
      latencyAgeBuckets = ageBuckets;
      return this;
    }

    /**
     * The quantiles every snapshot computes for metrics (the latency quantile is always added).
     *
     * @param quantiles each in (0, 1); default 0.5, 0.9, 0.99, 0.999
     * @return this builder
     */
    public Builder reportedQuantiles(double... quantiles) {
      requireNonNull("reportedQuantiles", quantiles);
      List<Double> list = new ArrayList<>();
      for (double q : quantiles) {
        list.add(quantile("reportedQuantiles", q));
      }
      reportedQuantiles = List.copyOf(list);
      return this;
    }

    /**
     * A custom signal sampled by the sampler each interval (performance-sandbox's
     * {@code queue_ratio} is one). The supplier may block briefly; it never runs on a request thread.
     *
     * @param name {@code [a-zA-Z_][a-zA-Z0-9_]*} (it becomes a metric name), unique
     * @param supplier the source; NaN or an exception counts as a failure
     * @return this builder
     */
    public Builder signal(String name, DoubleSupplier supplier) {
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
    public Builder liveSignal(String name, DoubleSupplier supplier) {
      return addSignal(name, supplier, true);
    }

    private Builder addSignal(String name, DoubleSupplier supplier, boolean live) {
      if (name == null || !name.matches("[a-zA-Z_][a-zA-Z0-9_]{0,99}")) {
        throw ConfigParser.error("signal name", "matching [a-zA-Z_][a-zA-Z0-9_]* (at most 100 characters)", name);
      }
      if (signals.containsKey(name)) {
        throw ConfigParser.error("signal name", "unique", name);
      }
      signals.put(name, new SignalSource(name, requireNonNull("signal " + name, supplier), live));
      return this;
    }

    /**
     * What a tier does with a signal whose source fails.
     *
     * @param type a built-in type or {@code PressureType.signal(name)}
     * @param policy default {@link FailurePolicy#IGNORE}
     * @return this builder
     */
    public Builder failurePolicy(PressureType type, FailurePolicy policy) {
      failurePolicies.put(requireNonNull("failurePolicy type", type), requireNonNull("failurePolicy", policy));
      return this;
    }

    /**
     * How old the snapshot may be before {@link #stalePolicy(StalePolicy)} applies.
     *
     * @param staleAfter {@code >= 2 x sampleInterval}; default max(5 x sampleInterval, 2 s)
     * @return this builder
     */
    public Builder staleAfter(Duration staleAfter) {
      this.staleAfter = atLeast("staleAfter", staleAfter, Duration.ofMillis(20));
      return this;
    }

    /**
     * What tiers do when the snapshot is stale (the sampler died or stalls).
     *
     * @param policy default {@link StalePolicy#FAIL_OPEN}
     * @return this builder
     */
    public Builder stalePolicy(StalePolicy policy) {
      stalePolicy = requireNonNull("stalePolicy", policy);
      return this;
    }

    /**
     * A listener for tier transitions.
     *
     * @param listener called on the sampler thread
     * @return this builder
     */
    public Builder listener(PressureListener listener) {
      listeners.add(requireNonNull("listener", listener));
      return this;
    }

    /**
     * The nanosecond clock (default {@link System#nanoTime()}); inject one to test time-based
     * behaviour without waiting.
     *
     * @param clock a monotonic nanosecond clock
     * @return this builder
     */
    public Builder clock(LongSupplier clock) {
      this.clock = requireNonNull("clock", clock);
      return this;
    }

    Builder sources(Sources sources) {
      this.sources = sources;
      return this;
    }

    /** Tests that call {@link PressureMonitor#sampleNow()} themselves turn the schedule off. */
    Builder autoSample(boolean autoSample) {
      this.autoSample = autoSample;
      return this;
    }

    /**
     * Validates the whole configuration and starts the monitor: nothing is started when
     * validation fails.
     *
     * @return the running monitor; close it when done
     */
    public PressureMonitor build() {
      if (staleAfter != null && staleAfter.compareTo(sampleInterval.multipliedBy(2)) < 0) {
        throw ConfigParser.error("staleAfter", "at least 2 x sampleInterval (" + sampleInterval.toMillis()
            + "ms)", staleAfter);
      }
      for (PressureType type : failurePolicies.keySet()) {
        if (type.isCustom() && !signals.containsKey(type.name())) {
          throw ConfigParser.error("failurePolicy", "a built-in type or a registered signal " + signals.keySet(),
              type.name());
        }
      }
      return new PressureMonitor(this);
    }

    private static Duration atLeast(String name, Duration d, Duration min) {
      if (d == null || d.compareTo(min) < 0) {
        throw ConfigParser.error(name, "a duration >= " + min.toMillis() + "ms", d);
      }
      return d;
    }

    private static double quantile(String name, double q) {
      if (!(q > 0 && q < 1)) {
        throw ConfigParser.error(name, "a quantile in (0, 1)", q);
      }
      return q;
    }
  }
}
