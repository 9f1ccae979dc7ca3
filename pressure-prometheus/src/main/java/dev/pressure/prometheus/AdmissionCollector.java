package dev.pressure.prometheus;

import dev.pressure.internal.ConfigParser;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.admission.Criticality;
import dev.pressure.admission.RejectReason;
import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Exports an {@link AdmissionGate} to Prometheus through simpleclient:
 * <ul>
 *   <li>{@code pressure_admission_in_flight}, {@code pressure_admission_queued},
 *       {@code pressure_admission_limit}, {@code pressure_admission_saturation} (gauges);
 *   <li>{@code pressure_admission_rejected_total{reason,criticality}} (counter; reason is
 *       {@code concurrentRequests}, {@code queueTime} or {@code deadline}, criticality the
 *       level's name);
 *   <li>{@code pressure_admission_queue_wait_seconds{quantile}} (summary quantiles 0.5, 0.9,
 *       0.99 of how long granted requests waited over the last minute).
 * </ul>
 * Nothing on the request path touches simpleclient: a scrape reads the gate's counters. Register
 * one per gate ({@code new AdmissionCollector(gate).register(registry)}); two gates need two
 * registries, as the names are fixed. Immutable and thread-safe.
 */
public final class AdmissionCollector extends Collector implements Collector.Describable {

  /** The quantiles of {@code pressure_admission_queue_wait_seconds}. */
  public static final List<Double> QUEUE_WAIT_QUANTILES = List.of(0.5, 0.9, 0.99);

  private static final List<String> NO_LABELS = Collections.emptyList();
  private static final List<String> REJECT_LABELS = List.of("reason", "criticality");
  private static final List<String> QUANTILE = List.of("quantile");

  private final AdmissionGate gate;

  /**
   * @param gate the gate to export
   */
  public AdmissionCollector(AdmissionGate gate) {
    if (gate == null) {
      throw ConfigParser.error("gate", "an AdmissionGate, not null", null);
    }
    this.gate = gate;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    List<MetricFamilySamples> out = new ArrayList<>(6);
    int inFlight = gate.inFlight();
    int queued = gate.queued();
    int limit = gate.limit();
    out.add(gauge("pressure_admission_in_flight", "Requests holding an admission permit.", inFlight));
    out.add(gauge("pressure_admission_queued", "Requests waiting for an admission permit.", queued));
    out.add(gauge("pressure_admission_limit", "Admission permits (maxConcurrentRequests or the adaptive limit).",
        limit));
    out.add(gauge("pressure_admission_saturation", "(in flight + queued) / limit.",
        (inFlight + (double) queued) / limit));
    List<MetricFamilySamples.Sample> rejected = new ArrayList<>();
    for (RejectReason r : RejectReason.values()) {
      for (Criticality c : Criticality.values()) {
        rejected.add(new MetricFamilySamples.Sample("pressure_admission_rejected_total", REJECT_LABELS,
            Arrays.asList(r.wireName(), c.name()), gate.rejected(r, c)));
      }
    }
    out.add(new MetricFamilySamples("pressure_admission_rejected", Type.COUNTER,
        "Requests the admission gate refused, by reason and criticality.", rejected));
    List<MetricFamilySamples.Sample> waits = new ArrayList<>(QUEUE_WAIT_QUANTILES.size());
    for (double q : QUEUE_WAIT_QUANTILES) {
      waits.add(new MetricFamilySamples.Sample("pressure_admission_queue_wait_seconds", QUANTILE,
          List.of(Collector.doubleToGoString(q)), gate.queueWaitSeconds(q)));
    }
    out.add(new MetricFamilySamples("pressure_admission_queue_wait_seconds", Type.SUMMARY,
        "How long granted requests waited for a permit, over the last minute.", waits));
    return out;
  }

  @Override
  public List<MetricFamilySamples> describe() {
    List<MetricFamilySamples> out = new ArrayList<>();
    for (String name : new String[] {"pressure_admission_in_flight", "pressure_admission_queued",
        "pressure_admission_limit", "pressure_admission_saturation"}) {
      out.add(new MetricFamilySamples(name, Type.GAUGE, name, Collections.emptyList()));
    }
    out.add(new MetricFamilySamples("pressure_admission_rejected", Type.COUNTER, "rejected",
        Collections.emptyList()));
    out.add(new MetricFamilySamples("pressure_admission_queue_wait_seconds", Type.SUMMARY, "queue wait",
        Collections.emptyList()));
    return out;
  }

  /**
   * Registers this collector with {@code registry}.
   *
   * @param registry the registry
   * @return this collector
   * @throws IllegalArgumentException when a {@code pressure_admission_*} name is already taken there
   */
  public AdmissionCollector register(CollectorRegistry registry) {
    registry.register(this);
    return this;
  }

  private static MetricFamilySamples gauge(String name, String help, double value) {
    return new MetricFamilySamples(name, Type.GAUGE, help,
        List.of(new MetricFamilySamples.Sample(name, NO_LABELS, NO_LABELS, value)));
  }

  @Override
  public String toString() {
    return "AdmissionCollector{" + gate + '}';
  }

}
