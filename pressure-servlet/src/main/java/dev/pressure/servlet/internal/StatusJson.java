package dev.pressure.servlet.internal;

import dev.pressure.LatencySnapshot;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import java.util.Map;

/**
 * Renders the status endpoint's JSON from a snapshot: under-pressure's {@code memoryUsage()}
 * names ({@code eventLoopDelay}, {@code eventLoopUtilized}, {@code heapUsed}, {@code rssBytes})
 * plus heap after GC, health, latency quantiles, custom signals, failing signals, every tier's
 * verdict, the snapshot's age and whether it is older than the monitor's {@code staleAfter}.
 * Nothing else: no stack traces, no environment. A failing signal shows as its exception's
 * class name; its message (escaped, at most 200 characters) only with {@code details}.
 * Stateless and thread-safe.
 */
public final class StatusJson {

  private StatusJson() {}

  /** A failure is {@code <class>: <message>} (class names never hold ": "); keep the class. */
  private static String withoutMessage(String failure) {
    int colon = failure.indexOf(": ");
    return colon < 0 ? failure : failure.substring(0, colon);
  }

  /**
   * Renders the document.
   *
   * @param monitor the monitor
   * @param tier the tier that decides {@code status} and {@code type}
   * @param type that tier's verdict now, or null
   * @param draining whether the application is draining
   * @param nowNanos a reading of the monitor's clock
   * @param details whether {@code failures} show exception messages ({@code statusDetails})
   * @return the JSON text
   */
  public static String render(PressureMonitor monitor, String tier, PressureType type, boolean draining,
      long nowNanos, boolean details) {
    PressureSnapshot s = monitor.snapshot();
    Json json = new Json()
        .field("status", type == null ? "ok" : "under pressure")
        .field("type", type == null ? null : type.name())
        .field("tier", tier)
        .field("eventLoopDelay", s.eventLoopDelayMillis())
        .field("eventLoopUtilized", s.eventLoopUtilization())
        .field("heapUsed", s.heapUsedBytes())
        .field("heapAfterGc", s.heapAfterGcBytes())
        .field("rssBytes", s.rssBytes())
        .field("healthy", s.healthy())
        .field("alive", s.alive())
        .field("draining", draining);
    LatencySnapshot latency = s.latency();
    json.object("latency")
        .field("quantile", s.latencyQuantile())
        .field("millis", s.latencyMillis())
        .field("count", latency.windowCount());
    json.object("quantiles");
    for (double q : latency.quantiles()) {
      json.field(Double.toString(q), latency.quantileNanos(q) / 1e6);
    }
    json.end().end();
    json.object("signals");
    for (Map.Entry<String, Double> e : s.signals().entrySet()) {
      json.field(e.getKey(), e.getValue());
    }
    json.end();
    json.object("failures");
    for (Map.Entry<String, String> e : s.failures().entrySet()) {
      json.field(e.getKey(), details ? e.getValue() : withoutMessage(e.getValue()));
    }
    json.end();
    json.object("tiers");
    for (String name : monitor.tierNames()) {
      PressureType verdict = monitor.tier(name).check(nowNanos);
      json.field(name, verdict == null ? null : verdict.name());
    }
    json.end();
    long ageNanos = nowNanos - s.timestampNanos();
    long staleAfterNanos = monitor.staleAfter().toNanos();
    // "stale" is the condition tiers apply their stale policy on: shown whichever the policy.
    return json.field("snapshotAgeMillis", ageNanos / 1e6)
        .field("stale", ageNanos > staleAfterNanos)
        .field("staleAfterMillis", staleAfterNanos / 1e6)
        .finish();
  }
}
