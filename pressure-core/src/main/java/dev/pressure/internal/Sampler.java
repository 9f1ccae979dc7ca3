package dev.pressure.internal;

import dev.pressure.LagStatistic;
import dev.pressure.LatencySnapshot;
import dev.pressure.PressureType;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Measures every signal once: the JVM sources, the lag probe, the health checks' last results,
 * the custom signals and the latency window. Any {@code Throwable} from a source fails that
 * signal only; the others are still measured. A signal the runtime cannot measure at all (no
 * {@code jdk.management}, no {@code /proc}) is said once in the log and listed as unsupported.
 * Called by one thread at a time (the monitor's sampler, or a test).
 */
public final class Sampler {

  private static final long LOG_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final System.Logger LOG = System.getLogger("dev.pressure");

  private final LongSupplier clock;
  private final JvmSources sources;
  private final LagStatistic lagStatistic;
  private final boolean heapAfterGcForLimit;
  private final double latencyQuantile;
  private final double[] quantiles;
  private final LatencyWindow window;
  private final List<SignalSource> signals;
  private final SchedulingLagProbe lagProbe;
  private final CpuUtilizationSource cpu;
  private final ProcStatusRss rss;
  private final Map<String, RateLimitedLogger> failureLogs = new ConcurrentHashMap<>();
  private final Set<PressureType> unsupported = new HashSet<>();
  private volatile HealthCheckRunner healthCheck;
  private volatile HealthCheckRunner livenessCheck;
  private volatile Throwable lagProbeDeath;
  private long sequence;

  /**
   * A sampler of these sources and signals.
   *
   * @param clock the monitor's clock
   * @param sources where to read the JVM
   * @param lagStatistic the lag statistic reported
   * @param lagResolutionNanos the lag probe's sleep
   * @param heapAfterGcForLimit compare heap after GC with the heap limit
   * @param latencyQuantile the quantile compared with maxLatency
   * @param quantiles every quantile computed, ascending
   * @param window the latency window
   * @param signals the custom signals, in registration order
   */
  public Sampler(LongSupplier clock, JvmSources sources, LagStatistic lagStatistic, long lagResolutionNanos,
      boolean heapAfterGcForLimit, double latencyQuantile, double[] quantiles, LatencyWindow window,
      List<SignalSource> signals) {
    this.clock = clock;
    this.sources = sources;
    this.lagStatistic = lagStatistic;
    this.heapAfterGcForLimit = heapAfterGcForLimit;
    this.latencyQuantile = latencyQuantile;
    this.quantiles = quantiles.clone();
    this.window = window;
    this.signals = List.copyOf(signals);
    this.lagProbe = new SchedulingLagProbe(clock, sources.lagSleeper, lagResolutionNanos);
    this.cpu = new CpuUtilizationSource(sources.processCpuNanos, clock,
        CgroupCpuLimit.effectiveCpus(sources.cgroupRoot, Runtime.getRuntime().availableProcessors()));
    this.rss = new ProcStatusRss(sources.procStatus);
  }

  /**
   * Connects the health and liveness checks (each may be null) once they exist.
   *
   * @param health the health check's runner
   * @param liveness the liveness check's runner
   */
  public void checks(HealthCheckRunner health, HealthCheckRunner liveness) {
    this.healthCheck = health;
    this.livenessCheck = liveness;
  }

  /** {@return the lag probe, ticked by its own thread (or a test)} */
  public SchedulingLagProbe lagProbe() {
    return lagProbe;
  }

  /** {@return the latency window} */
  public LatencyWindow window() {
    return window;
  }

  /**
   * A logger for failures of {@code key}, at most one line a minute.
   *
   * @param key what fails
   * @return the logger
   */
  public RateLimitedLogger logger(String key) {
    return failureLogs.computeIfAbsent(key, k -> new RateLimitedLogger(LOG_PERIOD_NANOS, clock));
  }

  /**
   * Runs the lag probe until interrupted (close) or until it dies (then lag is reported as failed).
   *
   * @param closed whether the monitor is closed
   */
  public void runLagProbe(java.util.function.BooleanSupplier closed) {
    try {
      while (!closed.getAsBoolean()) {
        lagProbe.tick();
      }
    } catch (InterruptedException e) {
      // close() interrupts the probe: exit.
    } catch (Throwable e) {
      lagProbeDeath = e;
      LOG.log(Level.ERROR, "pressure: the scheduling-lag probe thread died;"
          + " eventLoopDelay is reported as failed until the monitor is rebuilt", LogText.safe(e));
    }
  }

  /**
   * What is known before the first sample: nothing measured (NaN, negative), sequence 0.
   *
   * @return the measurement
   */
  public Measurement notSampledYet() {
    Map<String, Double> values = new LinkedHashMap<>();
    for (SignalSource s : signals) {
      values.put(s.name(), Double.NaN);
    }
    return new Measurement(0, clock.getAsLong(), Double.NaN, Double.NaN, -1, -1, -1, -1,
        true, "ok", true, "ok",
        latencyQuantile, LatencySnapshot.NOT_SAMPLED, values, Map.of(), Set.of());
  }

  /**
   * Measures everything now.
   *
   * @return the next measurement (sequence 1, 2, ...)
   */
  public Measurement measure() {
    long now = clock.getAsLong();
    Map<PressureType, String> failures = new LinkedHashMap<>();
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
      if (utilization != utilization && !cpu.supported()) {
        unsupported(PressureType.EVENT_LOOP_UTILIZATION, "process CPU time is not available (is the"
            + " jdk.management module in this runtime? jlink: --add-modules jdk.management);"
            + " maxEventLoopUtilization checks are skipped");
      }
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
      if (rssBytes == ProcStatusRss.UNSUPPORTED) {
        unsupported(PressureType.RSS_BYTES, sources.procStatus + " does not exist; maxRssBytes checks are skipped");
      }
    } catch (Throwable e) {
      fail(PressureType.RSS_BYTES, failures, e);
      rssBytes = -1;
    }
    HealthCheckRunner health = healthCheck;
    HealthCheckRunner liveness = livenessCheck;
    HealthCheckRunner.Result h = health == null ? null : health.result();
    HealthCheckRunner.Result l = liveness == null ? null : liveness.result();

    Map<String, Double> values = new LinkedHashMap<>();
    for (SignalSource source : signals) {
      double v;
      if (source.live()) {
        v = source.readLive();
        if (v != v) {
          failures.put(source.type(), "returned NaN or threw");
        }
      } else {
        try {
          v = source.readSampled();
          if (v != v) {
            failures.put(source.type(), "returned NaN");
          }
        } catch (Throwable e) {
          v = fail(source.type(), failures, e);
        }
      }
      values.put(source.name(), v);
    }
    LatencySnapshot latency = window.snapshot(now, quantiles);
    long heapCompared = heapAfterGcForLimit && heapAfterGc >= 0 ? heapAfterGc : heapUsed;
    return new Measurement(++sequence, now, lagMillis, utilization, heapUsed, heapAfterGc, heapCompared,
        rssBytes, h == null || h.healthy, h == null ? "ok" : h.detail, l == null || l.healthy,
        l == null ? "ok" : l.detail, latencyQuantile, latency, values, failures, unsupported);
  }

  private void unsupported(PressureType type, String why) {
    if (unsupported.add(type)) {
      LOG.log(Level.INFO, "pressure: " + type.name() + " is unsupported here: " + why);
    }
  }

  private double fail(PressureType type, Map<PressureType, String> failures, Throwable e) {
    failures.put(type, FailureText.describe(e));
    logger(type.name()).log(Level.WARNING, "pressure: signal " + type.name() + " failed", e);
    return Double.NaN;
  }
}
