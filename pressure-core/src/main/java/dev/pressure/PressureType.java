package dev.pressure;

import java.util.Objects;

/**
 * Names the signal that put a tier under pressure, mirroring under-pressure's {@code TYPE_*}
 * constants, plus {@link #LATENCY}, {@link #STALE} and one type per custom signal.
 *
 * <p>Immutable and thread-safe. Two types are equal when their names are equal; the monitor
 * hands out canonical instances so the request path never allocates one.
 */
public final class PressureType {

  /** Scheduling lag over {@code maxEventLoopDelay} (under-pressure {@code TYPE_EVENT_LOOP_DELAY}). */
  public static final PressureType EVENT_LOOP_DELAY = new PressureType("eventLoopDelay", false);
  /** Heap in use over {@code maxHeapUsedBytes} (under-pressure {@code TYPE_HEAP_USED_BYTES}). */
  public static final PressureType HEAP_USED_BYTES = new PressureType("heapUsedBytes", false);
  /** Resident set size over {@code maxRssBytes} (under-pressure {@code TYPE_RSS_BYTES}). */
  public static final PressureType RSS_BYTES = new PressureType("rssBytes", false);
  /** The health check failed, timed out or has not succeeded yet (under-pressure {@code TYPE_HEALTH_CHECK}). */
  public static final PressureType HEALTH_CHECK = new PressureType("healthCheck", false);
  /** Process CPU use over {@code maxEventLoopUtilization} (under-pressure {@code TYPE_EVENT_LOOP_UTILIZATION}). */
  public static final PressureType EVENT_LOOP_UTILIZATION =
      new PressureType("eventLoopUtilization", false);
  /** The sliding-window latency quantile over {@code maxLatency}. */
  public static final PressureType LATENCY = new PressureType("latency", false);
  /** The snapshot is older than {@code staleAfter} and the stale policy is fail-closed. */
  public static final PressureType STALE = new PressureType("stale", false);

  private final String name;
  private final boolean custom;

  private PressureType(String name, boolean custom) {
    this.name = name;
    this.custom = custom;
  }

  /**
   * The type that names a custom signal.
   *
   * @param signalName the signal's name as registered with the monitor
   * @return a type whose {@link #name()} is {@code signalName}
   */
  public static PressureType signal(String signalName) {
    Objects.requireNonNull(signalName, "signalName");
    for (PressureType builtIn : builtIns()) {
      if (builtIn.name.equals(signalName)) {
        throw ConfigParser.error("signal name",
            "not the name of a built-in type " + java.util.Arrays.toString(builtIns()), signalName);
      }
    }
    return new PressureType(signalName, true);
  }

  /**
   * The built-in types in under-pressure's check order, then latency and stale.
   *
   * @return a new array each call
   */
  public static PressureType[] builtIns() {
    return new PressureType[] {
      EVENT_LOOP_DELAY, HEAP_USED_BYTES, RSS_BYTES, HEALTH_CHECK, EVENT_LOOP_UTILIZATION, LATENCY, STALE
    };
  }

  /**
   * The name used in status JSON, metrics labels and the 503 body ({@code "heapUsedBytes"}).
   *
   * @return the type's name
   */
  public String name() {
    return name;
  }

  /**
   * Whether this type names a custom signal rather than a built-in one.
   *
   * @return true for types made by {@link #signal(String)}
   */
  public boolean isCustom() {
    return custom;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PressureType && ((PressureType) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
