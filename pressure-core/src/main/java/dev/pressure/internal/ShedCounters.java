package dev.pressure.internal;

import dev.pressure.PressureType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests shed per pressure type: monotonic counters, one {@link LongAdder} per type, the
 * known types made up front so counting them never allocates. Thread-safe, lock-free.
 */
public final class ShedCounters {

  private final Map<PressureType, LongAdder> counts = new ConcurrentHashMap<>();
  private final Iterable<PressureType> order;

  /**
   * Counters of the known types; a type first shed later gets its own.
   *
   * @param known the types counted from the start, in report order
   */
  public ShedCounters(Iterable<PressureType> known) {
    this.order = known;
    for (PressureType t : known) {
      counts.put(t, new LongAdder());
    }
  }

  /**
   * Counts one shed request.
   *
   * @param type the type that named the pressure
   */
  public void record(PressureType type) {
    LongAdder adder = counts.get(type);
    if (adder == null) {
      adder = counts.computeIfAbsent(type, t -> new LongAdder());
    }
    adder.increment();
  }

  /** {@return every count, the known types first in their order, zeros included} */
  public Map<PressureType, Long> snapshot() {
    Map<PressureType, Long> copy = new LinkedHashMap<>();
    for (PressureType t : order) {
      copy.put(t, counts.get(t).sum());
    }
    counts.forEach((t, adder) -> copy.putIfAbsent(t, adder.sum()));
    return copy;
  }
}
