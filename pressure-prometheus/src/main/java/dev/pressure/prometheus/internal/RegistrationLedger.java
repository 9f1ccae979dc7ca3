package dev.pressure.prometheus.internal;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Remembers which pressure collector registered which names in which registry, so that a clash
 * can say who already owns the name: simpleclient's registry only names the owner's class.
 * Registries are held weakly (a dropped registry is forgotten) and collectors weakly (one that
 * was garbage-collected cannot still be registered). A collector removed with
 * {@code CollectorRegistry.unregister} is still remembered until it registers again or is
 * collected; it is named as an owner only when the registry's own message names the same
 * class. Thread-safe: one lock, taken only at registration.
 */
public final class RegistrationLedger {

  private static final String OWNER_CLASS_PREFIX = "by another Collector of type ";
  private static final Object LOCK = new Object();
  private static final Map<CollectorRegistry, List<Entry>> ENTRIES = new WeakHashMap<>();

  private RegistrationLedger() {}

  /**
   * Registers {@code collector} with {@code registry}, or explains the clash.
   *
   * @param registry the registry
   * @param collector the collector
   * @param names every name the registry will reserve for it, in export order, mapped to the
   *     name of the metric it belongs to
   * @param latencyName the name of its latency summary, for advice on renaming
   * @param owner how to name the collector and its monitor in a message
   * @throws IllegalArgumentException naming the clashing metric and its owner when a name is taken
   */
  public static void register(CollectorRegistry registry, Collector collector, Map<String, String> names,
      String latencyName, String owner) {
    synchronized (LOCK) {
      List<Entry> entries = ENTRIES.computeIfAbsent(registry, r -> new ArrayList<>());
      entries.removeIf(e -> e.collector.get() == null);
      try {
        registry.register(collector);
      } catch (IllegalArgumentException e) {
        throw clash(entries, collector, names, latencyName, owner, e);
      }
      entries.removeIf(e -> e.collector.get() == collector);
      entries.add(new Entry(collector, names, owner));
    }
  }

  private static IllegalArgumentException clash(List<Entry> entries, Collector collector,
      Map<String, String> names, String latencyName, String owner, IllegalArgumentException cause) {
    String message = String.valueOf(cause.getMessage());
    // simpleclient 0.16 names the owner's class; trust an entry only when the class agrees, as
    // one removed with CollectorRegistry.unregister is still in the ledger.
    boolean pressureOwner = !message.contains(OWNER_CLASS_PREFIX)
        || message.contains(OWNER_CLASS_PREFIX + collector.getClass().getSimpleName());
    for (Entry e : entries) {
      if (pressureOwner && e.collector.get() == collector) {
        return withCause(new IllegalArgumentException("Metric " + latencyName
            + " is already registered in this CollectorRegistry by this same " + owner
            + ". Register a collector once per registry (register() without an argument uses "
            + "CollectorRegistry.defaultRegistry)."), cause);
      }
    }
    for (Entry e : entries) {
      String taken = firstShared(names, e.names);
      if (pressureOwner && taken != null && e.collector.get() != null) {
        return withCause(new IllegalArgumentException("Metric " + taken
            + " is already registered in this CollectorRegistry by " + e.owner
            + ", so " + owner + " cannot register. The pressure_* names are fixed: export each "
            + "monitor through its own CollectorRegistry and scrape endpoint."), cause);
      }
    }
    String taken = null;
    for (Map.Entry<String, String> name : names.entrySet()) {
      if (message.contains(" " + name.getKey() + " is already in use")) {
        taken = name.getValue();
        break;
      }
    }
    return withCause(new IllegalArgumentException("Metric " + (taken != null ? taken : "name")
        + " is already registered in this CollectorRegistry by a collector that is not a pressure "
        + "collector (" + cause.getMessage() + "), so " + owner + " cannot register. "
        + advice(taken, latencyName)), cause);
  }

  private static String advice(String taken, String latencyName) {
    if (taken != null && taken.startsWith("pressure_")) {
      return "The pressure_* names are fixed: export each monitor through its own CollectorRegistry "
          + "and scrape endpoint.";
    }
    if (taken == null || taken.equals(latencyName) || taken.startsWith(latencyName + "_")) {
      return "Rename the other metric, or give this latency summary another name with "
          + "PressureCollector.builder(monitor).latencyMetricName(...).";
    }
    return "Custom signals are exported under their own names: rename the signal or the other metric.";
  }

  /** The first of our names the other collector also registered, as the metric it belongs to. */
  private static String firstShared(Map<String, String> ours, Map<String, String> theirs) {
    for (Map.Entry<String, String> name : ours.entrySet()) {
      if (theirs.containsKey(name.getKey())) {
        return name.getValue();
      }
    }
    return null;
  }

  private static IllegalArgumentException withCause(IllegalArgumentException e, Throwable cause) {
    e.initCause(cause);
    return e;
  }

  private static final class Entry {
    final WeakReference<Collector> collector;
    final Map<String, String> names;
    final String owner;

    Entry(Collector collector, Map<String, String> names, String owner) {
      this.collector = new WeakReference<>(collector);
      this.names = names;
      this.owner = owner;
    }
  }
}
