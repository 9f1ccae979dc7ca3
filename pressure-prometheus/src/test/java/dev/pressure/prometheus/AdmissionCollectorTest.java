package dev.pressure.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pressure.admission.AdmissionConfig;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.admission.ConcurrencyLimit;
import dev.pressure.admission.Criticality;
import dev.pressure.admission.RejectReason;
import dev.pressure.admission.Ticket;
import dev.pressure.admission.Waiter;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionCollectorTest {

  private static final Waiter IGNORE = new Waiter() {
    @Override
    public void granted(Ticket ticket) {}

    @Override
    public void rejected(Ticket ticket, RejectReason reason) {}
  };

  @Test
  void theLimitMetricFollowsAnAdaptiveLimit() throws Exception {
    AtomicLong clock = new AtomicLong(5_000_000_000L);
    AdmissionGate gate = AdmissionGate.create(AdmissionConfig.builder()
        .adaptive(dev.pressure.admission.AdaptiveLimitConfig.builder().maxLimit(100).build()).build(),
        clock::get, () -> 0.5);
    CollectorRegistry registry = new CollectorRegistry();
    new AdmissionCollector(gate).register(registry);
    assertThat(Exposition.scrape(registry).value("pressure_admission_limit")).hasValue(20.0);
    for (int round = 0; round < 100; round++) { // every permit used, flat 10 ms latency: it grows
      int admitted = 0;
      while (gate.tryAcquire()) {
        admitted++;
      }
      long end = clock.addAndGet(10_000_000L);
      for (int i = 0; i < admitted; i++) {
        gate.release(end, 10_000_000L);
      }
    }
    assertThat(gate.limit()).isGreaterThan(20);
    assertThat(Exposition.scrape(registry).value("pressure_admission_limit")).hasValue((double) gate.limit());
  }

  @Test
  void exportsTheGateUnderTheChartsNames() throws Exception {
    AtomicLong clock = new AtomicLong(5_000_000_000L);
    AdmissionGate gate = AdmissionGate.create(AdmissionConfig.builder().maxConcurrentRequests(2)
        .maxQueuedRequests(2).build(), ConcurrencyLimit.fixed(2), clock::get, () -> 0.5);
    gate.tryAcquire();
    gate.tryAcquire();
    Ticket waited = gate.enqueue(Criticality.CRITICAL, AdmissionGate.NO_DEADLINE, IGNORE);
    gate.enqueue(Criticality.SHEDDABLE, AdmissionGate.NO_DEADLINE, IGNORE);
    gate.enqueue(Criticality.SHEDDABLE, AdmissionGate.NO_DEADLINE, IGNORE); // full: refused
    CollectorRegistry registry = new CollectorRegistry();
    new AdmissionCollector(gate).register(registry);

    Exposition e = Exposition.scrape(registry);
    assertThat(e.value("pressure_admission_in_flight")).hasValue(2.0);
    assertThat(e.value("pressure_admission_queued")).hasValue(2.0);
    assertThat(e.value("pressure_admission_limit")).hasValue(2.0);
    assertThat(e.value("pressure_admission_saturation")).hasValue(2.0);
    assertThat(e.value("pressure_admission_rejected_total", "reason", "concurrentRequests",
        "criticality", "SHEDDABLE")).hasValue(1.0);
    assertThat(e.value("pressure_admission_rejected_total", "reason", "deadline", "criticality", "CRITICAL"))
        .hasValue(0.0);
    assertThat(e.type).containsEntry("pressure_admission_rejected_total", "counter")
        .containsEntry("pressure_admission_queue_wait_seconds", "summary");

    clock.addAndGet(Duration.ofMillis(250).toNanos());
    gate.release(1); // the CRITICAL waiter gets it after 250 ms
    assertThat(waited.state()).isEqualTo(Ticket.State.GRANTED);
    Exposition after = Exposition.scrape(registry);
    assertThat(after.value("pressure_admission_queue_wait_seconds", "quantile", "0.99")).hasValue(0.25);
    assertThat(after.value("pressure_admission_queued")).hasValue(1.0);

    Promtool.Result lint = Promtool.checkMetrics(after.text);
    assertThat(lint.exitCode()).as("promtool: %s", lint.output()).isZero();
    assertThatThrownBy(() -> new AdmissionCollector(gate).register(registry))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
