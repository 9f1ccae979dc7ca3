package dev.pressure.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdaptiveLimitConfigTest {

  @Test
  void defaultsAreThePublishedConstants() {
    AdaptiveLimitConfig c = AdaptiveLimitConfig.DEFAULTS;
    assertThat(c.minLimit()).isEqualTo(AdaptiveLimitConfig.DEFAULT_MIN_LIMIT);
    assertThat(c.maxLimit()).isEqualTo(AdaptiveLimitConfig.DEFAULT_MAX_LIMIT);
    assertThat(c.initialLimit()).isEqualTo(AdaptiveLimitConfig.DEFAULT_INITIAL_LIMIT);
    assertThat(c.probeInterval()).isEqualTo(AdaptiveLimitConfig.DEFAULT_PROBE_INTERVAL);
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void refusesBadValuesNamingTheSetting() {
    assertThatThrownBy(() -> AdaptiveLimitConfig.builder().minLimit(0))
        .hasMessage("minConcurrentRequests: an integer >= 1. Found: 0");
    assertThatThrownBy(() -> AdaptiveLimitConfig.builder().maxLimit(-3))
        .hasMessage("maxConcurrentRequestsLimit: an integer >= 1. Found: -3");
    assertThatThrownBy(() -> AdaptiveLimitConfig.builder().minLimit(10).maxLimit(5).build())
        .hasMessage("maxConcurrentRequestsLimit: an integer >= minConcurrentRequests (10). Found: 5");
    assertThatThrownBy(() -> AdaptiveLimitConfig.builder().probeInterval(Duration.ofMillis(10)))
        .hasMessage("limitProbeInterval: a duration from 1s to 1h. Found: 10ms");
    assertThatThrownBy(() -> AdaptiveLimitConfig.builder().initialLimit(0))
        .hasMessage("initialConcurrentRequests: an integer >= 1. Found: 0");
  }

  @Test
  void initialLimitIsClampedIntoTheBounds() {
    assertThat(AdaptiveLimitConfig.builder().minLimit(50).build().initialLimit()).isEqualTo(50);
    assertThat(AdaptiveLimitConfig.builder().maxLimit(8).build().initialLimit()).isEqualTo(8);
  }

  @Test
  void theLimitStartsAtTheInitialValueAndFollowsSamples() {
    AtomicLong now = new AtomicLong(5_000_000_000L);
    AdaptiveLimit limit = AdaptiveLimit.create(AdaptiveLimitConfig.builder().initialLimit(30).build(), now::get);
    assertThat(limit.current()).isEqualTo(30);
    assertThat(limit.noLoadRttNanos()).isZero();
    // 30 in flight, 10 ms each, then the first window closes: a lower bound, and a probe.
    for (int i = 0; i < 40; i++) {
      now.addAndGet(1_000_000);
      limit.onSample(10_000_000, 30, false);
    }
    assertThat(limit.noLoadRttNanos()).isEqualTo(10_000_000);
    assertThat(limit.probing()).isTrue();
    // It grew (latency flat, limit used: 30 + 0.5 x sqrt(30) = 32.7) before halving for the probe.
    assertThat(limit.current()).isEqualTo(17);
  }
}
