package dev.pressure.servlet.internal;

import dev.pressure.LatencySnapshot;
import dev.pressure.PressureMonitor;
import dev.pressure.PressureReading;
import dev.pressure.PressureSnapshot;
import dev.pressure.PressureType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders the status endpoint's JSON from a snapshot: under-pressure's {@code memoryUsage()}
 * names ({@code eventLoopDelay}, {@code eventLoopUtilized}, {@code heapUsed}, {@code rssBytes})
 * plus heap after GC, health, latency quantiles, custom signals, failing signals, every tier's
 * verdict, the snapshot's age and whether it is older than the monitor's {@code staleAfter}.
 * Nothing else: no stack traces, no environment.
 * Stateless and thread-safe.
 */
public final class StatusJson {

  private StatusJson() {}

  /**
   * Renders the document.
   *
   * @param monitor the monitor
   * @param reading the one reading everything in the body comes from
   * @param tier the tier that decides {@code status} and {@code type}
   * @param draining whether the application is draining
   * @return the JSON text
   */
  public static String render(PressureMonitor monitor, PressureReading reading, String tier, boolean draining) {
    PressureSnapshot s = reading.snapshot();
    PressureType type = reading.verdict(tier);
    Json json = new Json()
        .field("status", type == null ? "ok" : "under pressure")
        .field("type", type == null ? null : type.name())
        .field("tier", tier)
        .field("eventLoopDelay", s.eventLoopDelayMillis())
        .field("eventLoopUtilized", s.eventLoopUtilization())
        .field("heapUsed", reading.value(PressureType.HEAP_USED_BYTES))
        .field("heapAfterGc", bytes(s.heapAfterGcBytes()))
        .field("rssBytes", reading.value(PressureType.RSS_BYTES))
        .field("healthy", s.healthy())
        .field("alive", s.alive())
        .field("draining", draining);
    LatencySnapshot latency = s.latency();
    json.object("latency")
        .field("quantile", s.latencyQuantile())
        .field("millis", s.latencyMillis())
        .field("count", s.sampled() ? latency.windowCount() : Double.NaN);
    json.object("quantiles");
    for (double q : latency.quantiles()) {
      json.field(Double.toString(q), latency.quantileNanos(q) / 1e6);
    }
    json.end().end();
    json.object("signals");
    for (Map.Entry<String, Double> e : reading.signals().entrySet()) {
      json.field(e.getKey(), e.getValue());
    }
    json.end();
    json.object("failures");
    for (Map.Entry<PressureType, String> e : s.failures().entrySet()) {
      json.field(e.getKey().name(), e.getValue());
    }
    json.end();
    List<String> unsupported = new ArrayList<>();
    for (PressureType t : PressureType.builtIns()) {
      if (s.unsupported().contains(t)) {
        unsupported.add(t.name());
      }
    }
    json.strings("unsupported", unsupported);
    json.object("tiers");
    for (Map.Entry<String, PressureType> e : reading.verdicts().entrySet()) {
      json.field(e.getKey(), e.getValue() == null ? null : e.getValue().name());
    }
    json.end();
    // "stale" is the condition tiers apply their stale policy on: shown whichever the policy.
    return json.field("snapshotAgeMillis", reading.ageMillis())
        .field("stale", reading.stale())
        .field("staleAfterMillis", monitor.staleAfter().toNanos() / 1e6)
        .field("sampled", s.sampled())
        .field("sequence", s.sequence())
        .finish();
  }

  private static double bytes(long b) {
    return b < 0 ? Double.NaN : b;
  }
}
