package dev.pressure.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pressure.PressureMonitor;
import dev.pressure.admission.AdaptiveLimitConfig;
import dev.pressure.admission.AdmissionConfig;
import dev.pressure.admission.AdmissionGate;
import dev.pressure.servlet.support.Stubs;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The filter with an adaptive gate: on a fake clock shared by the monitor and the gate, the
 * limit falls when the requests' latency rises, and the filter refuses exactly at the moved
 * limit. From init-params, {@code maxConcurrentRequests=adaptive} and its bounds make such a
 * gate, with its limit as the live signal {@code limit}.
 */
class AdaptiveAdmissionTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong clock = new AtomicLong(1_000 * MS);
  private final PressureMonitor monitor = PressureMonitor.builder().clock(clock::get).build();

  @AfterEach
  void close() {
    monitor.close();
  }

  @Test
  void theLimitFallsWithLatencyAndTheFilterAdmitsUpToIt() throws Exception {
    AdmissionGate gate = AdmissionGate.create(AdmissionConfig.builder().adaptive(AdaptiveLimitConfig.builder()
        .minLimit(2).maxLimit(100).probeInterval(Duration.ofHours(1)).build()).build(), clock::get, () -> 0.5);
    UnderPressureFilter filter = UnderPressureFilter.builder(monitor).admission(gate).build();
    AtomicInteger ran = new AtomicInteger();
    long[] latency = {10 * MS};
    FilterChain chain = (req, res) -> {
      ran.incrementAndGet();
      clock.addAndGet(latency[0]);
    };
    for (int i = 0; i < 200; i++) {
      filter.doFilter(new Stubs.Request("/api", null), new Stubs.Response(false), chain);
    }
    int before = gate.limit();
    assertThat(before).as("one request at a time: no reason to grow").isEqualTo(AdaptiveLimitConfig.DEFAULT_INITIAL_LIMIT);

    latency[0] = 40 * MS; // the service slows: each request now waits behind others
    for (int i = 0; i < 30; i++) {
      filter.doFilter(new Stubs.Request("/api", null), new Stubs.Response(false), chain);
    }
    int after = gate.limit();
    assertThat(after).as("limit after latency rose from 10 to 40 ms").isLessThan(before).isGreaterThanOrEqualTo(2);
    assertThat(ran).hasValue(230);

    for (int i = 0; i < after; i++) { // requests elsewhere hold every permit
      assertThat(gate.tryAcquire()).isTrue();
    }
    Stubs.Response refused = new Stubs.Response(false);
    filter.doFilter(new Stubs.Request("/api", null), refused, chain);
    assertThat(refused.status).isEqualTo(503);
    assertThat(refused.body.toString(StandardCharsets.UTF_8)).contains("\"type\":\"concurrentRequests\"");
    assertThat(ran).hasValue(230);

    assertThat(gate.limit()).as("a refusal is a drop: it never raises the limit").isLessThanOrEqualTo(after);
    for (int i = 0; i < after; i++) { // they finish: the next request runs
      gate.release(-1);
    }
    Stubs.Response admitted = new Stubs.Response(false);
    filter.doFilter(new Stubs.Request("/api", null), admitted, chain);
    assertThat(admitted.status).isEqualTo(200);
    assertThat(ran).hasValue(231);
  }

  @Test
  void initParamsMakeAnAdaptiveGateWithItsLimitAsALiveSignal() throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("maxConcurrentRequests", "adaptive");
    params.put("minConcurrentRequests", "3");
    params.put("maxConcurrentRequestsLimit", "50");
    params.put("initialConcurrentRequests", "7");
    params.put("limitProbeInterval", "30s");
    params.put("maxQueuedRequests", "4");
    ServletContext context = InitParamsFuzzTest.context();
    UnderPressureFilter filter = new UnderPressureFilter();
    filter.init(InitParamsFuzzTest.config(params, context));
    try {
      AdmissionGate gate = filter.admissionGate();
      assertThat(gate.config().adaptiveLimit()).isEqualTo(AdaptiveLimitConfig.builder().minLimit(3).maxLimit(50)
          .initialLimit(7).probeInterval(Duration.ofSeconds(30)).build());
      assertThat(gate.config().maxQueuedRequests()).isEqualTo(4);
      assertThat(gate.limit()).isEqualTo(7);
      assertThat(filter.monitor().read().signals()).containsEntry(AdmissionGate.SIGNAL_LIMIT, 7.0);
    } finally {
      filter.destroy();
    }
  }

  @Test
  void badAdaptiveInitParamsStopStartUp() {
    assertThat(startUpError("maxConcurrentRequests", "adaptive", "maxConcurrentRequestsLimit", "0"))
        .isEqualTo("maxConcurrentRequestsLimit: a whole number in [1, 1000000]. Found: \"0\"");
    assertThat(startUpError("maxConcurrentRequests", "adaptiv"))
        .isEqualTo("maxConcurrentRequests: a whole number in [0, 1000000] or adaptive. Found: \"adaptiv\"");
    assertThat(startUpError("maxConcurrentRequests", "8", "minConcurrentRequests", "2"))
        .isEqualTo("minConcurrentRequests: only with maxConcurrentRequests=adaptive. Found: \"2\"");
  }

  private static String startUpError(String... nv) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < nv.length; i += 2) {
      params.put(nv[i], nv[i + 1]);
    }
    ServletContext context = InitParamsFuzzTest.context();
    UnderPressureFilter filter = new UnderPressureFilter();
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> filter.init(InitParamsFuzzTest.config(params, context)));
    assertThat(t).isInstanceOf(ServletException.class);
    assertThat(PressureServletContext.monitor(context)).as("nothing half-started").isNull();
    return t.getMessage();
  }
}
