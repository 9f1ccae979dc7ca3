package dev.pressure.micrometer;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureReading;
import dev.pressure.PressureType;
import dev.pressure.Tier;
import dev.pressure.internal.MonitorSeries;
import dev.pressure.micrometer.internal.SharedReading;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link PressureMonitor} to a Micrometer {@link MeterRegistry}: the families of
 * pressure-prometheus (docs/metrics.md) under Micrometer's dotted names and base units, so the
 * Prometheus registry exposes the same {@code pressure_*} series:
 *
 * <pre>{@code
 * new PressureMeterBinder(monitor).bindTo(registry);
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>meter</th><th>type, unit</th><th>tags</th><th>Prometheus name</th></tr>
 * <tr><td>{@value #SCHEDULING_LAG}</td><td>time gauge, seconds</td><td></td><td>pressure_scheduling_lag_seconds</td></tr>
 * <tr><td>{@value #CPU_UTILIZATION}</td><td>gauge, ratio</td><td></td><td>pressure_cpu_utilization_ratio</td></tr>
 * <tr><td>{@value #HEAP_USED}</td><td>gauge, bytes</td><td></td><td>pressure_heap_used_bytes</td></tr>
 * <tr><td>{@value #HEAP_AFTER_GC}</td><td>gauge, bytes</td><td></td><td>pressure_heap_after_gc_bytes</td></tr>
 * <tr><td>{@value #RSS}</td><td>gauge, bytes</td><td></td><td>pressure_rss_bytes</td></tr>
 * <tr><td>{@value #HEALTHY}</td><td>gauge, 1/0</td><td></td><td>pressure_health_check_healthy</td></tr>
 * <tr><td>{@value #ALIVE}</td><td>gauge, 1/0</td><td></td><td>pressure_liveness_check_alive</td></tr>
 * <tr><td>{@value #UNDER_PRESSURE}</td><td>gauge, 1/0</td><td>tier, type</td><td>pressure_under_pressure</td></tr>
 * <tr><td>{@value #SHED_REQUESTS}</td><td>function counter, requests</td><td>type</td><td>pressure_shed_requests_total</td></tr>
 * <tr><td>{@value #SIGNAL_FAILED}</td><td>gauge, 1/0</td><td>signal</td><td>pressure_signal_failed</td></tr>
 * <tr><td>{@value #SNAPSHOT_AGE}</td><td>time gauge, seconds</td><td></td><td>pressure_snapshot_age_seconds</td></tr>
 * <tr><td>{@value #LATENCY_PERCENTILE}</td><td>time gauge, seconds</td><td>phi</td><td>pressure_latency_percentile_seconds</td></tr>
 * <tr><td>{@value #LATENCY}</td><td>function timer, seconds</td><td></td><td>pressure_latency_seconds_count, _sum</td></tr>
 * <tr><td>each custom signal</td><td>gauge</td><td></td><td>its name</td></tr>
 * </table>
 *
 * <p>The latency quantiles are the ones the monitor's sampler computed from its sliding window
 * (the values {@code maxLatency} is compared with), one gauge per
 * {@link PressureMonitor#reportedQuantiles()}, not a Micrometer timer's own. Micrometer has no
 * meter for externally computed quantiles, so they follow its convention for percentiles on
 * dimensional registries, a {@code <name>.percentile} gauge tagged {@code phi} (a gauge may not
 * carry Prometheus' reserved {@code quantile} label), and the count and sum of every recorded
 * request are a function timer.
 *
 * <p><b>One reading per scrape.</b> The meters of one {@link #bindTo} share one
 * {@link PressureMonitor#read()}: the latest snapshot, each live signal read once, every tier
 * judged on exactly those (live signals and staleness included, as the 503 filter judges). A
 * meter that polls again takes a new reading for the meters polled after it, so a registry that
 * polls every meter once per scrape reports one snapshot per scrape, and each value reported is
 * the value its check compared. A value the monitor could not measure (before the first sample,
 * or while its source fails) reads NaN, Micrometer's convention for a gauge without a value, and
 * {@value #SIGNAL_FAILED} says which source failed.
 *
 * <p>Immutable and thread-safe; binding allocates the meters once, a scrape allocates one
 * reading and the shed-count copy of {@link PressureMonitor#shedCounts()}. The meters hold the
 * monitor strongly.
 */
public final class PressureMeterBinder implements MeterBinder {

  /** Scheduling lag of the last sample interval (under-pressure eventLoopDelay). */
  public static final String SCHEDULING_LAG = "pressure.scheduling.lag";
  /** Process CPU use, 0..1 of the container's CPUs. */
  public static final String CPU_UTILIZATION = "pressure.cpu.utilization";
  /** Heap in use. */
  public static final String HEAP_USED = "pressure.heap.used";
  /** Heap in use after the last collection. */
  public static final String HEAP_AFTER_GC = "pressure.heap.after.gc";
  /** Resident set size. */
  public static final String RSS = "pressure.rss";
  /** Health check state, 1/0. */
  public static final String HEALTHY = "pressure.health.check.healthy";
  /** Liveness check state, 1/0. */
  public static final String ALIVE = "pressure.liveness.check.alive";
  /** Tier verdicts, tagged tier and type, 1/0. */
  public static final String UNDER_PRESSURE = "pressure.under.pressure";
  /** Requests shed, tagged type. */
  public static final String SHED_REQUESTS = "pressure.shed.requests";
  /** Signal sources that failed at the last sample, tagged signal, 1/0. */
  public static final String SIGNAL_FAILED = "pressure.signal.failed";
  /** Age of the latest snapshot. */
  public static final String SNAPSHOT_AGE = "pressure.snapshot.age";
  /** Sliding-window latency quantiles, tagged phi. */
  public static final String LATENCY_PERCENTILE = "pressure.latency.percentile";
  /** Count and total time of every recorded request since start. */
  public static final String LATENCY = "pressure.latency";

  private final PressureMonitor monitor;
  private final Tags tags;

  /**
   * A binder for {@code monitor} with no extra tags.
   *
   * @param monitor the monitor
   */
  public PressureMeterBinder(PressureMonitor monitor) {
    this(monitor, Tags.empty());
  }

  /**
   * A binder for {@code monitor} whose meters all carry {@code tags} (e.g. to tell two monitors
   * apart in one registry).
   *
   * @param monitor the monitor
   * @param tags tags added to every meter
   */
  public PressureMeterBinder(PressureMonitor monitor, Iterable<Tag> tags) {
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /** {@return the monitor this binder exports} */
  public PressureMonitor monitor() {
    return monitor;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    PressureMonitor m = monitor;
    // One reading per scrape for every meter of this binding (see SharedReading).
    SharedReading shared = new SharedReading(m, m.sampleInterval().toNanos());
    TimeGauge.builder(SCHEDULING_LAG, m, TimeUnit.MILLISECONDS,
            polled(shared, r -> r.snapshot().eventLoopDelayMillis()))
        .description("Scheduling lag of the last sample interval (under-pressure eventLoopDelay)")
        .tags(tags).register(registry);
    Gauge.builder(CPU_UTILIZATION, m, polled(shared, r -> r.snapshot().eventLoopUtilization()))
        .description("Process CPU use over the last sample interval, 0..1 of the CPUs the container may use")
        .baseUnit("ratio").tags(tags).register(registry);
    bytes(registry, HEAP_USED, "Heap in use as compared with maxHeapUsedBytes (after the last GC when "
        + "heapUsedAfterGc is on; under-pressure heapUsedBytes)",
        polled(shared, r -> MonitorSeries.value(r, PressureType.HEAP_USED_BYTES)));
    bytes(registry, HEAP_AFTER_GC, "Heap in use after the last garbage collection",
        polled(shared, r -> bytes(r.snapshot().heapAfterGcBytes())));
    bytes(registry, RSS, "Resident set size (under-pressure rssBytes)",
        polled(shared, r -> bytes(r.snapshot().rssBytes())));
    Gauge.builder(HEALTHY, m, polled(shared, r -> !r.snapshot().sampled() ? Double.NaN : r.snapshot().healthy() ? 1 : 0))
        .description("1 when the health check's last run succeeded (or there is none), else 0")
        .tags(tags).register(registry);
    Gauge.builder(ALIVE, m, polled(shared, r -> !r.snapshot().sampled() ? Double.NaN : r.snapshot().alive() ? 1 : 0))
        .description("1 when the liveness check's last run succeeded (or there is none), else 0")
        .tags(tags).register(registry);
    for (String name : m.tierNames()) {
      Tier tier = m.tier(name);
      for (PressureType type : MonitorSeries.reportableTypes(tier)) {
        Gauge.builder(UNDER_PRESSURE, m, polled(shared, r -> type.equals(MonitorSeries.judge(r, tier)) ? 1 : 0))
            .description("1 for the type that puts the tier under pressure now, else 0")
            .tags(tags).tag("tier", name).tag("type", type.name()).register(registry);
      }
    }
    for (PressureType type : m.shedCounts().keySet()) {
      FunctionCounter.builder(SHED_REQUESTS, m, x -> x.shedCounts().getOrDefault(type, 0L))
          .description("Requests shed (answered 503) because of the pressure type, since start")
          .baseUnit("requests").tags(tags).tag("type", type.name()).register(registry);
    }
    for (PressureType type : MonitorSeries.FALLIBLE_BUILT_INS) {
      failed(registry, shared, type);
    }
    for (String signal : m.signalNames()) {
      failed(registry, shared, PressureType.signal(signal));
    }
    TimeGauge.builder(SNAPSHOT_AGE, m, TimeUnit.MILLISECONDS, polled(shared, PressureReading::ageMillis))
        .description("Time since the sample the pressure metrics come from")
        .tags(tags).register(registry);
    for (double q : m.reportedQuantiles()) {
      TimeGauge.builder(LATENCY_PERCENTILE, m, TimeUnit.NANOSECONDS,
              polled(shared, r -> r.snapshot().latency().quantileNanos(q)))
          .description("Request duration over the monitor's sliding latency window (latencyMaxAge); "
              + "the values maxLatency is compared with")
          .tags(tags).tag("phi", quantileLabel(q)).register(registry);
    }
    int latencyCount = shared.newMeter();
    FunctionTimer.builder(LATENCY, m, x -> shared.forMeter(latencyCount).snapshot().latency().totalCount(),
            polled(shared, r -> r.snapshot().latency().totalSumNanos()), TimeUnit.NANOSECONDS)
        .description("Every request recorded into the pressure monitor since start")
        .tags(tags).register(registry);
    for (String signal : m.signalNames()) {
      PressureType type = PressureType.signal(signal);
      Gauge.builder(signal, m, polled(shared, r -> MonitorSeries.value(r, type)))
          .description("Custom signal " + signal + " of the pressure monitor")
          .tags(tags).register(registry);
    }
  }

  /** A meter's poll function: the value from the binding's shared reading, as a new meter of it. */
  private static ToDoubleFunction<PressureMonitor> polled(SharedReading shared,
      ToDoubleFunction<PressureReading> value) {
    int meter = shared.newMeter();
    return x -> value.applyAsDouble(shared.forMeter(meter));
  }

  private void bytes(MeterRegistry registry, String name, String help, ToDoubleFunction<PressureMonitor> value) {
    Gauge.builder(name, monitor, value).description(help).baseUnit(BaseUnits.BYTES).tags(tags).register(registry);
  }

  private void failed(MeterRegistry registry, SharedReading shared, PressureType type) {
    Gauge.builder(SIGNAL_FAILED, monitor, polled(shared, r -> r.snapshot().failures().containsKey(type) ? 1 : 0))
        .description("1 when the signal's source failed at the last sample, else 0")
        .tags(tags).tag("signal", type.name()).register(registry);
  }

  /** A size the monitor could not measure (negative) reads NaN. */
  private static double bytes(long bytes) {
    return bytes < 0 ? Double.NaN : bytes;
  }

  /** Go-style quantile labels ("0.5", "0.999"), the ones pressure-prometheus uses. */
  static String quantileLabel(double q) {
    String s = Double.toString(q);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  @Override
  public String toString() {
    return "PressureMeterBinder{tiers=" + monitor.tierNames() + ", signals=" + monitor.signalNames()
        + ", tags=" + tags + '}';
  }
}
