package dev.pressure;

import dev.pressure.internal.Measurement;
import dev.pressure.internal.Sampler;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Publishes a monitor's snapshots: judges each measurement with every tier, swaps it into the
 * one volatile field readers use, and tells listeners of each verdict that changed. Samples and
 * threshold changes are serialized on this object, so listeners see transitions in order.
 */
final class Publisher {

  private final Sampler sampler;
  private final Tier[] tiers;
  private final String[] tierNames;
  final List<PressureListener> listeners = new CopyOnWriteArrayList<>();
  private volatile PressureSnapshot current;

  Publisher(Sampler sampler, Tier[] tiers, String[] tierNames, List<PressureListener> initial) {
    this.sampler = sampler;
    this.tiers = tiers;
    this.tierNames = tierNames;
    listeners.addAll(initial);
    this.current = new PressureSnapshot(sampler.notSampledYet(), tierNames, new PressureType[tiers.length]);
  }

  PressureSnapshot current() {
    return current;
  }

  /** Measures, judges and publishes one sample on the caller's thread. */
  synchronized PressureSnapshot sample() {
    Measurement m = sampler.measure();
    return publish(new PressureSnapshot(m, tierNames, judge(m)));
  }

  /** The scheduled task: one sample, never throwing. */
  void sampleSafely() {
    try {
      sample();
    } catch (Throwable t) {
      // Never let anything escape: a periodic task that throws is cancelled for good, and the
      // sampler would stay dead after the fault cleared. A lasting failure shows as staleness.
      try {
        sampler.logger("sampler").log(Level.ERROR, "pressure: sampling failed", t);
      } catch (Throwable logFailed) {
        // Logging failed too (the same clock, a broken handler): staleness still reports it.
      }
    }
  }

  /** Swaps a tier's limits and judges the latest measurement again with them. */
  synchronized void update(Tier tier, Tier.Limits limits) {
    tier.limits(limits);
    publish(current.withVerdicts(judge(current.measurement())));
  }

  private PressureSnapshot publish(PressureSnapshot next) {
    PressureSnapshot previous = current;
    current = next;
    notifyListeners(previous, next);
    return next;
  }

  private PressureType[] judge(Measurement m) {
    PressureType[] verdicts = new PressureType[tiers.length];
    for (int i = 0; i < tiers.length; i++) {
      verdicts[i] = tiers[i].judge(m);
    }
    return verdicts;
  }

  private void notifyListeners(PressureSnapshot previous, PressureSnapshot next) {
    for (int i = 0; i < tiers.length && !listeners.isEmpty(); i++) {
      PressureType before = previous.verdict(i);
      PressureType after = next.verdict(i);
      if (before == null ? after == null : before.equals(after)) {
        continue;
      }
      for (PressureListener listener : listeners) {
        try {
          listener.onPressureChange(tierNames[i], before, after, next);
        } catch (Throwable e) {
          System.getLogger("dev.pressure").log(Level.WARNING, "pressure: listener failed for tier " + tierNames[i], e);
        }
      }
    }
  }
}
