package dev.pressure;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A named set of {@link Thresholds} judged against its monitor's snapshot. Hold on to the
 * tier ({@code monitor.tier("readiness")}) and call {@link #check(long)} per request.
 *
 * <p><b>Cost of {@link #check(long)}</b>: one volatile read, one subtraction for staleness,
 * one array read for the sampled verdict, and one supplier call per live signal of this tier.
 * No lock, no allocation (unless a live signal throws). Thread-safe.
 */
public final class Tier {

  private final PressureMonitor monitor;
  private final String name;
  private final int index;
  private final Thresholds thresholds;
  private final SignalSource[] sampledSignals;
  private final double[] sampledMax;
  private final SignalSource[] liveSignals;
  private final double[] liveMax;

  Tier(PressureMonitor monitor, String name, int index, Thresholds thresholds,
      Map<String, SignalSource> signals) {
    this.monitor = monitor;
    this.name = name;
    this.index = index;
    this.thresholds = thresholds;
    List<SignalSource> sampled = new ArrayList<>();
    List<SignalSource> live = new ArrayList<>();
    for (String signal : thresholds.maxSignals().keySet()) {
      SignalSource source = signals.get(signal);
      if (source == null) {
        throw ConfigParser.error("tier " + name + " maxSignal",
            "the name of a signal registered with the monitor " + signals.keySet(), signal);
      }
      (source.live ? live : sampled).add(source);
    }
    this.sampledSignals = sampled.toArray(new SignalSource[0]);
    this.liveSignals = live.toArray(new SignalSource[0]);
    this.sampledMax = limits(sampledSignals, thresholds);
    this.liveMax = limits(liveSignals, thresholds);
  }

  private static double[] limits(SignalSource[] sources, Thresholds thresholds) {
    double[] max = new double[sources.length];
    for (int i = 0; i < sources.length; i++) {
      max[i] = thresholds.maxSignals().get(sources[i].name);
    }
    return max;
  }

  /** @return the tier's name */
  public String name() {
    return name;
  }

  /** @return the tier's limits */
  public Thresholds thresholds() {
    return thresholds;
  }

  /** @return the monitor this tier judges */
  public PressureMonitor monitor() {
    return monitor;
  }

  /**
   * Whether the tier is under pressure now.
   *
   * @return true when {@link #check()} names a type
   */
  public boolean isUnderPressure() {
    return check() != null;
  }

  /**
   * {@link #check(long)} at the monitor clock's current time.
   *
   * @return the type naming the pressure, or null
   */
  public PressureType check() {
    return check(monitor.nanoTime());
  }

  /**
   * Judges the tier: the sampled verdict of the current snapshot (or {@link PressureType#STALE}
   * / nothing when the snapshot is stale, per the stale policy), then this tier's live
   * signals. Allocation-free and lock-free.
   *
   * @param nowNanos a reading of the monitor's clock (the request's start time will do)
   * @return the type naming the pressure, or null when the tier is not under pressure
   */
  public PressureType check(long nowNanos) {
    PressureSnapshot s = monitor.current;
    if (nowNanos - s.timestampNanos() > monitor.staleAfterNanos) {
      if (monitor.stalePolicy == StalePolicy.FAIL_CLOSED) {
        return PressureType.STALE;
      }
    } else {
      PressureType sampled = s.verdict(index);
      if (sampled != null) {
        return sampled;
      }
    }
    for (int i = 0; i < liveSignals.length; i++) {
      SignalSource source = liveSignals[i];
      double v = monitor.readLive(source);
      if (v != v) { // NaN: the source failed
        if (monitor.failurePolicy(source.type) == FailurePolicy.TREAT_AS_PRESSURE) {
          return source.type;
        }
      } else if (v > liveMax[i]) {
        return source.type;
      }
    }
    return null;
  }

  /** The sampled verdict, computed by the sampler when it builds a snapshot. */
  PressureType judge(double lagMillis, double utilization, long heapBytes, long rssBytes,
      boolean hasHealthCheck, boolean healthy, long latencyNanos, Map<String, Double> signals,
      Map<String, String> failures) {
    long maxLag = thresholds.maxEventLoopDelayNanos();
    if (maxLag > 0 && over(PressureType.EVENT_LOOP_DELAY, lagMillis, maxLag / 1e6, failures)) {
      return PressureType.EVENT_LOOP_DELAY;
    }
    long maxHeap = thresholds.maxHeapUsedBytes();
    if (maxHeap > 0 && over(PressureType.HEAP_USED_BYTES, heapBytes < 0 ? Double.NaN : heapBytes, maxHeap, failures)) {
      return PressureType.HEAP_USED_BYTES;
    }
    long maxRss = thresholds.maxRssBytes();
    if (maxRss > 0 && over(PressureType.RSS_BYTES, rssBytes < 0 ? Double.NaN : rssBytes, maxRss, failures)) {
      return PressureType.RSS_BYTES;
    }
    if (hasHealthCheck && thresholds.healthCheck() && !healthy) {
      return PressureType.HEALTH_CHECK;
    }
    double maxUtilization = thresholds.maxEventLoopUtilization();
    if (maxUtilization > 0 && over(PressureType.EVENT_LOOP_UTILIZATION, utilization, maxUtilization, failures)) {
      return PressureType.EVENT_LOOP_UTILIZATION;
    }
    long maxLatency = thresholds.maxLatencyNanos();
    if (maxLatency > 0 && latencyNanos > maxLatency) {
      return PressureType.LATENCY;
    }
    for (int i = 0; i < sampledSignals.length; i++) {
      SignalSource source = sampledSignals[i];
      Double v = signals.get(source.name);
      if (over(source.type, v == null ? Double.NaN : v, sampledMax[i], failures)) {
        return source.type;
      }
    }
    return null;
  }

  private boolean over(PressureType type, double value, double max, Map<String, String> failures) {
    if (value != value) {
      // NaN: failed (policy decides) or unsupported on this platform (never pressure).
      return failures.containsKey(type.name())
          && monitor.failurePolicy(type) == FailurePolicy.TREAT_AS_PRESSURE;
    }
    return value > max;
  }

  @Override
  public String toString() {
    return "Tier{" + name + ", " + thresholds + '}';
  }

  static void logListenerFailure(String tier, Throwable e) {
    System.getLogger("dev.pressure").log(Level.WARNING, "pressure: listener failed for tier " + tier,
        dev.pressure.internal.LogText.safe(e));
  }
}
