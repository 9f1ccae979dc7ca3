package dev.pressure;

import dev.pressure.internal.SignalSource;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One consistent view for a response or a scrape ({@link PressureMonitor#read()}): one
 * snapshot, one clock reading, each live signal read once, and every tier judged on exactly
 * those, so everything a reader reports comes from the same sample and every value reported
 * is the value compared. Immutable and thread-safe; allocates (meant for status and metrics,
 * not for the per-request check, which is {@link Tier#check(PressureSnapshot, long)}).
 */
public final class PressureReading {

  private final PressureMonitor monitor;
  private final PressureSnapshot snapshot;
  private final long nanoTime;
  private final Map<String, Double> signals;
  private final Map<PressureType, Double> live = new LinkedHashMap<>();
  private final Map<String, PressureType> verdicts = new LinkedHashMap<>();

  PressureReading(PressureMonitor monitor, PressureSnapshot snapshot, long nanoTime, List<Tier> tiers,
      Collection<SignalSource> sources) {
    this.monitor = monitor;
    this.snapshot = snapshot;
    this.nanoTime = nanoTime;
    Map<SignalSource, Double> read = new IdentityHashMap<>();
    Map<String, Double> values = new LinkedHashMap<>(snapshot.signals());
    for (SignalSource s : sources) {
      if (s.live()) {
        double v = s.readLive();
        read.put(s, v);
        live.put(s.type(), v);
        values.put(s.name(), v);
      }
    }
    this.signals = Collections.unmodifiableMap(values);
    for (Tier t : tiers) {
      verdicts.put(t.name(), t.check(snapshot, nanoTime, s -> read.getOrDefault(s, Double.NaN), false));
    }
  }

  /** {@return the snapshot everything here comes from} */
  public PressureSnapshot snapshot() {
    return snapshot;
  }

  /** {@return when this reading was taken, on the monitor's clock} */
  public long nanoTime() {
    return nanoTime;
  }

  /** {@return the snapshot's age at this reading, in milliseconds} */
  public double ageMillis() {
    return (nanoTime - snapshot.timestampNanos()) / 1e6;
  }

  /**
   * {@return whether the snapshot is older than the monitor's {@code staleAfter} (whatever the
   * stale policy)}
   */
  public boolean stale() {
    return nanoTime - snapshot.timestampNanos() > monitor.staleAfterNanos();
  }

  /**
   * A tier's verdict on this reading (live signals and staleness included).
   *
   * @param tier a tier name
   * @return the type naming the pressure, or null (also for an unknown tier)
   */
  public PressureType verdict(String tier) {
    return verdicts.get(tier);
  }

  /** {@return every tier's verdict by name, the default tier first; a null value is "not under pressure"} */
  public Map<String, PressureType> verdicts() {
    return Collections.unmodifiableMap(verdicts);
  }

  /**
   * {@return every custom signal's value: live ones as read for this reading, sampled ones from the
   * snapshot}
   */
  public Map<String, Double> signals() {
    return signals;
  }

  /**
   * The value a type's check compared for this reading: a live signal's value as read here,
   * the snapshot's age in milliseconds for {@link PressureType#STALE}, else
   * {@link PressureSnapshot#value(PressureType)}.
   *
   * @param type a pressure type
   * @return the value; NaN when unknown
   */
  public double value(PressureType type) {
    Double v = live.get(type);
    if (v != null) {
      return v;
    }
    if (type == PressureType.STALE) {
      return ageMillis();
    }
    return snapshot.value(type);
  }
}
