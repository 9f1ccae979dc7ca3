package dev.pressure.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The gate with {@code maxConcurrentRequests=adaptive} ({@link AdmissionConfig.Builder#adaptive}):
 * on a fake clock its permit count grows while latency stays at no-load and the permits are
 * used, falls when latency rises, and {@link AdmissionGate#tryAcquire()} admits exactly
 * {@link AdmissionGate#limit()} requests at every step.
 */
class AdaptiveGateTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong clock = new AtomicLong(1_000 * MS);
  private final AdmissionGate gate = AdmissionGate.create(AdmissionConfig.builder()
      .adaptive(AdaptiveLimitConfig.builder().minLimit(2).maxLimit(100).probeInterval(Duration.ofHours(1)).build())
      .build(), clock::get, () -> 0.5);

  /** Fills the gate, holds every permit for {@code latencyMs}, releases them; returns how many it got. */
  private int round(long latencyMs) {
    int admitted = 0;
    while (gate.tryAcquire()) {
      admitted++;
    }
    long end = clock.addAndGet(latencyMs * MS);
    for (int i = 0; i < admitted; i++) {
      gate.release(end, latencyMs * MS);
    }
    return admitted;
  }

  @Test
  void theLimitFollowsLatencyAndIsWhatTheGateAdmits() {
    assertThat(gate.config().adaptive()).isTrue();
    assertThat(gate.limit()).isEqualTo(AdaptiveLimitConfig.DEFAULT_INITIAL_LIMIT);
    for (int i = 0; i < 200; i++) {
      int limit = gate.limit();
      assertThat(round(10)).as("round %s admits the limit", i).isEqualTo(limit);
    }
    int grown = gate.limit();
    assertThat(grown).as("flat latency, permits all used: the limit grows").isGreaterThan(40).isLessThanOrEqualTo(100);

    int lowest = grown;
    for (int i = 0; i < 20; i++) { // latency quadruples: queueing, the limit is cut
      int limit = gate.limit();
      assertThat(round(40)).isEqualTo(limit);
      lowest = Math.min(lowest, gate.limit());
    }
    assertThat(lowest).as("lowest limit after latency rose from 10 to 40 ms").isLessThan(grown * 3 / 4);
    assertThat(gate.inFlight()).isZero();
  }

  @Test
  void refusalsAreNotDropsSoSustainedOverloadDoesNotCollapseTheLimit() {
    AtomicLong twinClock = new AtomicLong(clock.get());
    AdmissionGate twin = AdmissionGate.create(gate.config(), twinClock::get, () -> 0.5);
    for (int i = 0; i < 60; i++) {
      run(gate, clock, false);
      run(twin, twinClock, true); // the same traffic, plus one refusal per round, as under overload
    }
    assertThat(twin.limit()).as("limit with a refusal in every round").isEqualTo(gate.limit())
        .isGreaterThan(AdaptiveLimitConfig.DEFAULT_INITIAL_LIMIT);
    assertThat(twin.rejected(RejectReason.CONCURRENT_REQUESTS, Criticality.CRITICAL)).isEqualTo(60);
  }

  private static void run(AdmissionGate g, AtomicLong c, boolean refuseOne) {
    int admitted = 0;
    while (g.tryAcquire()) {
      admitted++;
    }
    if (refuseOne) {
      g.recordRejection(RejectReason.CONCURRENT_REQUESTS, Criticality.CRITICAL);
    }
    long end = c.addAndGet(10 * MS);
    for (int k = 0; k < admitted; k++) {
      g.release(end, 10 * MS);
    }
  }

  @Test
  void adaptiveAndFixedReplaceEachOtherAndQueueingNeedsOne() {
    AdmissionConfig adaptive = AdmissionConfig.builder().maxConcurrentRequests(5)
        .adaptive(AdaptiveLimitConfig.DEFAULTS).maxQueuedRequests(3).build();
    assertThat(adaptive.enabled()).isTrue();
    assertThat(adaptive.maxConcurrentRequests()).isZero();
    assertThat(adaptive.adaptiveLimit()).isEqualTo(AdaptiveLimitConfig.DEFAULTS);
    assertThat(adaptive.toBuilder().build().toString()).isEqualTo(adaptive.toString()).contains("adaptive=");
    AdmissionConfig fixed = adaptive.toBuilder().maxConcurrentRequests(5).build();
    assertThat(fixed.adaptive()).isFalse();
    assertThat(fixed.newLimit(clock::get).current()).isEqualTo(5);
    assertThatThrownBy(() -> AdmissionConfig.builder().adaptive(null))
        .hasMessage("maxConcurrentRequests: an AdaptiveLimitConfig for adaptive. Found: null");
  }
}
