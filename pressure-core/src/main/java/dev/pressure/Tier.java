package dev.pressure;

import dev.pressure.internal.Measurement;
import dev.pressure.internal.SignalSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A named set of {@link Thresholds} judged against its monitor's snapshot. Hold on to the
 * tier ({@code monitor.tier("readiness")}) and call {@link #check(PressureSnapshot, long)} (or
 * {@link #check(long)}) per request.
 *
 * <p>{@link #check(PressureSnapshot, long)} is a function of the snapshot it is given, the time
 * and this tier's live signals (read on the caller's thread): a reader that reports several
 * things reads the snapshot once and judges that one. Its thresholds can change at run time
 * ({@link PressureMonitor#updateThresholds(String, Thresholds)}): one volatile swap.
 *
 * <p><b>Cost of a check</b>: two volatile reads, one subtraction for staleness, one array read
 * for the sampled verdict, and one supplier call per live signal of this tier. No lock, no
 * allocation (unless a live signal throws). Thread-safe.
 */
public final class Tier {

  private static final ToDoubleFunction<SignalSource> READ_LIVE = SignalSource::readLive;
  /** The live value the caller's last check found over its limit, for {@link #value}. */
  private static final ThreadLocal<double[]> LAST_LIVE = new ThreadLocal<>();

  private final PressureMonitor monitor;
  private final String name;
  private final int index;
  private volatile Limits limits;

  /** One tier's thresholds with its signals resolved; replaced as a whole. */
  record Limits(Thresholds thresholds, SignalSource[] sampled, double[] sampledMax,
      SignalSource[] live, double[] liveMax) {

    static Limits of(Thresholds thresholds, Map<String, SignalSource> signals) {
      List<SignalSource> sampled = new ArrayList<>();
      List<SignalSource> live = new ArrayList<>();
      for (String signal : thresholds.maxSignals().keySet()) {
        (signals.get(signal).live() ? live : sampled).add(signals.get(signal));
      }
      SignalSource[] s = sampled.toArray(new SignalSource[0]);
      SignalSource[] l = live.toArray(new SignalSource[0]);
      return new Limits(thresholds, s, max(s, thresholds), l, max(l, thresholds));
    }

    private static double[] max(SignalSource[] sources, Thresholds thresholds) {
      double[] max = new double[sources.length];
      for (int i = 0; i < sources.length; i++) {
        max[i] = thresholds.maxSignals().get(sources[i].name());
      }
      return max;
    }
  }

  Tier(PressureMonitor monitor, String name, int index, Limits limits) {
    this.monitor = monitor;
    this.name = name;
    this.index = index;
    this.limits = limits;
  }

  void limits(Limits next) {
    limits = next;
  }

  int index() {
    return index;
  }

  /** {@return the tier's name} */
  public String name() {
    return name;
  }

  /** {@return the tier's limits now} */
  public Thresholds thresholds() {
    return limits.thresholds();
  }

  /** {@return the monitor this tier judges} */
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
   * {@link #check(PressureSnapshot, long)} on the monitor's latest snapshot.
   *
   * @param nowNanos a reading of the monitor's clock (the request's start time will do)
   * @return the type naming the pressure, or null
   */
  public PressureType check(long nowNanos) {
    return check(monitor.snapshot(), nowNanos);
  }

  /**
   * Judges the tier on {@code snapshot}: its sampled verdict (or {@link PressureType#STALE} /
   * nothing when the snapshot is older than {@code staleAfter} at {@code nowNanos}, per the stale
   * policy), then this tier's live signals. Allocation-free and lock-free.
   *
   * @param snapshot a snapshot of this tier's monitor
   * @param nowNanos a reading of the monitor's clock
   * @return the type naming the pressure, or null when the tier is not under pressure
   */
  public PressureType check(PressureSnapshot snapshot, long nowNanos) {
    return check(snapshot, nowNanos, READ_LIVE, true);
  }

  /**
   * The value the check that named {@code type} compared, for a handler or a log line: a live
   * signal's value as the calling thread's last check read it, else
   * {@link PressureSnapshot#value(PressureType)}.
   *
   * @param snapshot the snapshot that check judged
   * @param type the type it named
   * @return the value in the check's unit; NaN when unknown
   */
  public double value(PressureSnapshot snapshot, PressureType type) {
    if (type instanceof PressureType.Signal) {
      for (SignalSource source : limits.live()) {
        if (source.type().equals(type)) {
          double[] last = LAST_LIVE.get();
          return last == null ? Double.NaN : last[0];
        }
      }
    }
    return snapshot.value(type);
  }

  PressureType check(PressureSnapshot s, long nowNanos, ToDoubleFunction<SignalSource> live, boolean remember) {
    if (nowNanos - s.timestampNanos() > monitor.staleAfterNanos()) {
      if (monitor.stalePolicy() == StalePolicy.FAIL_CLOSED) {
        return PressureType.STALE;
      }
    } else {
      PressureType sampled = s.verdict(index);
      if (sampled != null) {
        return sampled;
      }
    }
    Limits l = limits;
    for (int i = 0; i < l.live().length; i++) {
      SignalSource source = l.live()[i];
      double v = live.applyAsDouble(source);
      if (v != v) { // NaN: the source failed
        if (monitor.config().failurePolicy(source.type()) == FailurePolicy.TREAT_AS_PRESSURE) {
          return remember(source.type(), v, remember);
        }
      } else if (v > l.liveMax()[i]) {
        return remember(source.type(), v, remember);
      }
    }
    return null;
  }

  private static PressureType remember(PressureType type, double v, boolean remember) {
    if (remember) {
      double[] last = LAST_LIVE.get();
      if (last == null) {
        last = new double[1];
        LAST_LIVE.set(last);
      }
      last[0] = v;
    }
    return type;
  }

  /** The sampled verdict, computed by the sampler when it builds a snapshot. */
  PressureType judge(Measurement m) {
    Limits l = limits;
    Thresholds t = l.thresholds();
    Map<PressureType, String> failures = m.failures();
    long maxLag = t.maxEventLoopDelayNanos();
    if (maxLag > 0 && over(PressureType.EVENT_LOOP_DELAY, m.lagMillis(), maxLag / 1e6, failures)) {
      return PressureType.EVENT_LOOP_DELAY;
    }
    long maxHeap = t.maxHeapUsedBytes();
    if (maxHeap > 0 && over(PressureType.HEAP_USED_BYTES, bytes(m.heapCompared()), maxHeap, failures)) {
      return PressureType.HEAP_USED_BYTES;
    }
    long maxRss = t.maxRssBytes();
    if (maxRss > 0 && over(PressureType.RSS_BYTES, bytes(m.rss()), maxRss, failures)) {
      return PressureType.RSS_BYTES;
    }
    if (monitor.config().hasHealthCheck() && t.healthCheck() && !m.healthy()) {
      return PressureType.HEALTH_CHECK;
    }
    double maxUtilization = t.maxEventLoopUtilization();
    if (maxUtilization > 0 && over(PressureType.EVENT_LOOP_UTILIZATION, m.utilization(), maxUtilization, failures)) {
      return PressureType.EVENT_LOOP_UTILIZATION;
    }
    long maxLatency = t.maxLatencyNanos();
    // Too few samples: the quantile is their maximum, so one slow request would trip the tier.
    if (maxLatency > 0 && m.latency().windowCount() >= monitor.config().latencyMinSamples()
        && m.latency().quantileNanos(m.latencyQuantile()) > maxLatency) {
      return PressureType.LATENCY;
    }
    for (int i = 0; i < l.sampled().length; i++) {
      SignalSource source = l.sampled()[i];
      Double v = m.signals().get(source.name());
      if (over(source.type(), v == null ? Double.NaN : v, l.sampledMax()[i], failures)) {
        return source.type();
      }
    }
    return null;
  }

  private static double bytes(long b) {
    return b < 0 ? Double.NaN : b;
  }

  private boolean over(PressureType type, double value, double max, Map<PressureType, String> failures) {
    if (value != value) {
      // NaN: failed (policy decides) or unsupported on this platform (never pressure).
      return failures.containsKey(type)
          && monitor.config().failurePolicy(type) == FailurePolicy.TREAT_AS_PRESSURE;
    }
    return value > max;
  }

  @Override
  public String toString() {
    return "Tier{" + name + ", " + limits.thresholds() + '}';
  }
}
