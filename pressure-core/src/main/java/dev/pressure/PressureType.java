package dev.pressure;

import dev.pressure.internal.ConfigParser;
import java.util.List;
import java.util.Objects;

/**
 * Names what put a tier under pressure, mirroring under-pressure's {@code TYPE_*} constants,
 * plus {@link #LATENCY}, {@link #STALE}, {@link #DRAINING} and one type per custom signal.
 *
 * <p>A sealed type: a {@link BuiltIn} (one of the constants here) or a {@link Signal} (a
 * custom signal, by name). A signal can never take a built-in's name, so a user signal named
 * {@code "draining"} is refused and never shares counters with draining. Immutable and
 * thread-safe; two types are equal when they are of the same kind with the same name.
 */
public sealed interface PressureType permits PressureType.BuiltIn, PressureType.Signal {

  /** Scheduling lag over {@code maxEventLoopDelay} (under-pressure {@code TYPE_EVENT_LOOP_DELAY}). */
  PressureType EVENT_LOOP_DELAY = new BuiltIn("eventLoopDelay");
  /** Heap in use over {@code maxHeapUsedBytes} (under-pressure {@code TYPE_HEAP_USED_BYTES}). */
  PressureType HEAP_USED_BYTES = new BuiltIn("heapUsedBytes");
  /** Resident set size over {@code maxRssBytes} (under-pressure {@code TYPE_RSS_BYTES}). */
  PressureType RSS_BYTES = new BuiltIn("rssBytes");
  /** The health check failed, timed out or has not succeeded yet (under-pressure {@code TYPE_HEALTH_CHECK}). */
  PressureType HEALTH_CHECK = new BuiltIn("healthCheck");
  /** Process CPU use over {@code maxEventLoopUtilization} (under-pressure {@code TYPE_EVENT_LOOP_UTILIZATION}). */
  PressureType EVENT_LOOP_UTILIZATION = new BuiltIn("eventLoopUtilization");
  /** The sliding-window latency quantile over {@code maxLatency}. */
  PressureType LATENCY = new BuiltIn("latency");
  /** The snapshot is older than {@code staleAfter} and the stale policy is fail-closed. */
  PressureType STALE = new BuiltIn("stale");
  /** The application is draining (shutting down): new work is refused. Not a monitor check. */
  PressureType DRAINING = new BuiltIn("draining");

  /**
   * The name used in status JSON, metrics labels and the 503 body ({@code "heapUsedBytes"}).
   *
   * @return the type's name
   */
  String name();

  /**
   * Whether this type names a custom signal rather than a built-in one.
   *
   * @return true for a {@link Signal}
   */
  default boolean isCustom() {
    return this instanceof Signal;
  }

  /**
   * The type that names a custom signal.
   *
   * @param signalName the signal's name as registered with the monitor; not a built-in's name
   * @return a type whose {@link #name()} is {@code signalName}
   * @throws IllegalArgumentException when {@code signalName} is a built-in type's name
   */
  static PressureType signal(String signalName) {
    return new Signal(signalName);
  }

  /**
   * The built-in types: under-pressure's check order, then latency, stale and draining.
   *
   * @return a new array each call
   */
  static PressureType[] builtIns() {
    return new PressureType[] {
      EVENT_LOOP_DELAY, HEAP_USED_BYTES, RSS_BYTES, HEALTH_CHECK, EVENT_LOOP_UTILIZATION, LATENCY, STALE,
      DRAINING
    };
  }

  /** A built-in type: one of the constants of {@link PressureType}, compared by identity. */
  final class BuiltIn implements PressureType {
    private final String name;

    private BuiltIn(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * A custom signal's type.
   *
   * @param name the signal's name
   */
  record Signal(String name) implements PressureType {
    /**
     * Validates the name.
     *
     * @param name the signal's name; not null, not a built-in's name
     */
    public Signal {
      Objects.requireNonNull(name, "signalName");
      for (PressureType builtIn : builtIns()) {
        if (builtIn.name().equals(name)) {
          throw ConfigParser.error("signal name",
              "not the name of a built-in type " + List.of(builtIns()), name);
        }
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
