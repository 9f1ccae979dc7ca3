package dev.pressure.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pressure.admission.Criticality;
import dev.pressure.admission.QueueOrder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionSettingsTest {

  private static Map<String, String> params(String... nv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nv.length; i += 2) {
      m.put(nv[i], nv[i + 1]);
    }
    return m;
  }

  @Test
  void everyInitParamIsReadWithItsUnit() {
    AdmissionSettings s = AdmissionSettings.parse(params("maxConcurrentRequests", "8", "maxQueuedRequests", "16",
        "maxQueueTime", "750", "queueOrder", "adaptive-lifo", "codelInterval", "50ms", "codelTarget", "2",
        "permitLeakWarning", "90", "retryAfterMax", "12s", "criticalityHeader", "X-Criticality",
        "deadlineHeader", "grpc-timeout", "criticality.SHEDDABLE", "/batch/*,/prefetch"), true);
    assertThat(s.enabled()).isTrue();
    assertThat(s.config.maxConcurrentRequests()).isEqualTo(8);
    assertThat(s.config.maxQueuedRequests()).isEqualTo(16);
    assertThat(s.config.maxQueueTime()).isEqualTo(Duration.ofMillis(750));
    assertThat(s.config.queueOrder()).isEqualTo(QueueOrder.ADAPTIVE_LIFO);
    assertThat(s.config.codelInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(s.config.codelTarget()).isEqualTo(Duration.ofMillis(2));
    assertThat(s.permitLeakWarningNanos).isEqualTo(Duration.ofSeconds(90).toNanos());
    assertThat(s.retryAfterMaxSeconds).isEqualTo(12);
    assertThat(s.retryAfterAuto()).isTrue();
    assertThat(s.criticalityHeader).isEqualTo("x-criticality");
    assertThat(s.deadlineHeader).isEqualTo("grpc-timeout");
    assertThat(s.criticalityPaths[Criticality.SHEDDABLE.ordinal()].matches("/batch", "/nightly")).isTrue();
    assertThat(s.criticalityPaths[Criticality.SHEDDABLE.ordinal()].matches("/prefetch", null)).isTrue();
    assertThat(s.criticalityPaths[Criticality.CRITICAL.ordinal()].isEmpty()).isTrue();
  }

  @Test
  void defaultsAreOffAndTheConstantsSayWhat() {
    AdmissionSettings s = AdmissionSettings.parse(Map.of(), false);
    assertThat(s.enabled()).isFalse();
    assertThat(s.gate()).isNull();
    assertThat(s.permitLeakWarningNanos).isEqualTo(AdmissionSettings.DEFAULT_PERMIT_LEAK_WARNING.toNanos());
    assertThat(s.retryAfterMaxSeconds).isEqualTo(AdmissionSettings.DEFAULT_RETRY_AFTER_MAX.getSeconds());
  }

  @Test
  void badValuesAreRefusedInTheUsualShape() {
    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxConcurrentRequests", "many"), false))
        .hasMessage("maxConcurrentRequests: a whole number in [0, 1000000] or adaptive. Found: \"many\"");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("queueOrder", "lifo"), false))
        .hasMessage("queueOrder: fifo or adaptive-lifo. Found: \"lifo\"");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("criticality.critical", "/x"), false))
        .hasMessageStartingWith("criticality.critical: criticality.<LEVEL> with LEVEL one of");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxConcurrentRequests", "2",
        "criticality.SHEDDABLE", "batch"), false)).hasMessageStartingWith("criticality.SHEDDABLE: ");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("criticalityHeader", "X Bad"), false))
        .hasMessage("criticalityHeader: an HTTP header name (letters, digits, '-', '_'). Found: \"X Bad\"");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxQueuedRequests", "3"), false))
        .hasMessage("maxQueuedRequests: 0 unless maxConcurrentRequests is set. Found: 3");
    assertThatThrownBy(() -> AdmissionSettings.parse(params(), true))
        .hasMessage("retryAfter: auto only with maxConcurrentRequests > 0. Found: \"auto\"");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("deadlineHeader", "X-Timeout"), false))
        .hasMessage("deadlineHeader: only with maxConcurrentRequests > 0. Found: \"x-timeout\"");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxConcurrentRequests", "1",
        "retryAfterMax", "0"), true)).hasMessageStartingWith("retryAfterMax: ");
    assertThatThrownBy(() -> AdmissionSettings.builder().criticality(Criticality.CRITICAL, List.of("nope")))
        .hasMessageStartingWith("criticality.CRITICAL: ");
  }

  @Test
  void deadlineHeadersInMillisecondsAndGrpcFormat() {
    assertThat(Deadlines.remainingNanos("250")).isEqualTo(250_000_000L);
    assertThat(Deadlines.remainingNanos(" 0 ")).isZero();
    assertThat(Deadlines.remainingNanos("100m")).isEqualTo(100_000_000L);
    assertThat(Deadlines.remainingNanos("2S")).isEqualTo(2_000_000_000L);
    assertThat(Deadlines.remainingNanos("1M")).isEqualTo(60_000_000_000L);
    assertThat(Deadlines.remainingNanos("3H")).isEqualTo(3 * 3_600_000_000_000L);
    assertThat(Deadlines.remainingNanos("7u")).isEqualTo(7_000L);
    assertThat(Deadlines.remainingNanos("9n")).isEqualTo(9L);
    assertThat(Deadlines.remainingNanos("99999999H")).as("too far: none").isEqualTo(Deadlines.NONE);
    for (String bad : new String[] {null, "", "soon", "-5", "1.5", "123456789m", "5x", "m", "1e3"}) {
      assertThat(Deadlines.remainingNanos(bad)).as(bad).isEqualTo(Deadlines.NONE);
    }
  }

  @Test
  void thePermitLeakWarningFiresOnceForAnOldAsyncPermit() {
    AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    PermitLedger ledger = new PermitLedger(Duration.ofMinutes(10).toNanos(), clock::get);
    RequestCompletion old = new RequestCompletion(null, clock.get(), null, false, "GET /stuck", null, null);
    ledger.opened(old);
    clock.addAndGet(Duration.ofMinutes(9).toNanos());
    RequestCompletion young = new RequestCompletion(null, clock.get(), null, false, "GET /fresh", null, null);
    ledger.opened(young);
    assertThat(ledger.checkNow(clock.get())).isZero();
    clock.addAndGet(Duration.ofMinutes(2).toNanos());
    assertThat(ledger.checkNow(clock.get())).isEqualTo(1);
    assertThat(ledger.checkNow(clock.get())).as("once").isZero();
    ledger.closed(old);
    assertThat(ledger.open()).isEqualTo(1);
    clock.addAndGet(Duration.ofMinutes(10).toNanos());
    assertThat(ledger.checkNow(clock.get())).isEqualTo(1);
  }

  @Test
  void adaptiveReadsItsBoundsAndRefusesBadOnes() {
    AdmissionSettings s = AdmissionSettings.parse(params("maxConcurrentRequests", " adaptive ",
        "minConcurrentRequests", "4", "maxConcurrentRequestsLimit", "400", "initialConcurrentRequests", "40",
        "limitProbeInterval", "20"), false);
    assertThat(s.enabled()).isTrue();
    assertThat(s.config.adaptive()).isTrue();
    assertThat(s.config.maxConcurrentRequests()).isZero();
    assertThat(s.config.adaptiveLimit().minLimit()).isEqualTo(4);
    assertThat(s.config.adaptiveLimit().maxLimit()).isEqualTo(400);
    assertThat(s.config.adaptiveLimit().initialLimit()).isEqualTo(40);
    assertThat(s.config.adaptiveLimit().probeInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.gate().limit()).isEqualTo(40);
    assertThat(AdmissionSettings.parse(params("maxConcurrentRequests", "adaptive"), false).config.adaptiveLimit())
        .isEqualTo(dev.pressure.admission.AdaptiveLimitConfig.DEFAULTS);

    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxConcurrentRequests", "adaptive",
        "minConcurrentRequests", "10", "maxConcurrentRequestsLimit", "5"), false))
        .hasMessage("maxConcurrentRequestsLimit: an integer >= minConcurrentRequests (10). Found: 5");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxConcurrentRequests", "adaptive",
        "minConcurrentRequests", "zero"), false)).hasMessageStartingWith("minConcurrentRequests: ");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxConcurrentRequests", "adaptive",
        "initialConcurrentRequests", "0"), false)).hasMessageStartingWith("initialConcurrentRequests: ");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxConcurrentRequests", "adaptive",
        "limitProbeInterval", "500ms"), false)).hasMessageStartingWith("limitProbeInterval: ");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxConcurrentRequestsLimit", "5"), false))
        .hasMessage("maxConcurrentRequestsLimit: only with maxConcurrentRequests=adaptive. Found: \"5\"");
    assertThatThrownBy(() -> AdmissionSettings.parse(params("maxConcurrentRequests", "Adaptive"), false))
        .hasMessage("maxConcurrentRequests: a whole number in [0, 1000000] or adaptive. Found: \"Adaptive\"");
  }
}
