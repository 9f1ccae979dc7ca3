package dev.pressure.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import dev.pressure.StalePolicy;
import dev.pressure.Thresholds;
import dev.pressure.servlet.support.JsonReader;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The status document under faults: a stale snapshot is reported (whatever the stale policy),
 * failing signals are listed, and the document holds exactly the documented fields, so nothing
 * else (a stack trace, the environment, an injected key) can appear in it.
 */
class StatusJsonFaultsTest {

  /** Every top-level field, in order, as documented in StatusServlet and docs/servlet.md. */
  static final String[] FIELDS = {"status", "type", "tier", "eventLoopDelay", "eventLoopUtilized", "heapUsed",
      "heapAfterGc", "rssBytes", "healthy", "alive", "draining", "latency", "signals", "failures", "unsupported",
      "tiers", "snapshotAgeMillis", "stale", "staleAfterMillis", "sampled", "sequence"};

  @Test
  void aStaleSnapshotIsReportedWithItsBoundUnderEitherPolicy() {
    for (StalePolicy policy : StalePolicy.values()) {
      AtomicLong clock = new AtomicLong(1_000_000_000L);
      try (PressureMonitor m = PressureMonitor.builder().clock(clock::get)
          .sampleInterval(Duration.ofHours(1)).staleAfter(Duration.ofHours(2)).stalePolicy(policy)
          .tier("readiness", Thresholds.builder().build()).build()) {
        Map<String, Object> fresh = JsonReader.object(render(m, clock.get()));
        assertThat(fresh).containsEntry("stale", false).containsEntry("staleAfterMillis", 7_200_000.0);

        clock.addAndGet(TimeUnit.HOURS.toNanos(2) + 1_000_000);
        Map<String, Object> stale = JsonReader.object(render(m, clock.get()));
        assertThat(stale).as(policy.name()).containsEntry("stale", true).containsEntry("snapshotAgeMillis", 7_200_001.0);
        Object verdict = policy == StalePolicy.FAIL_CLOSED ? "stale" : null;
        assertThat(map(stale.get("tiers"))).containsEntry("default", verdict).containsEntry("readiness", verdict);
      }
    }
  }

  @Test
  void failingSignalsAreListedOnOneLineAndNothingBeyondTheDocumentedFieldsAppears() {
    try (PressureMonitor m = PressureMonitor.builder().sampleInterval(Duration.ofMillis(10))
        .signal("queue", () -> {
          throw new IllegalStateException("queue gone\r\n\tat forged.Frame(Fake.java:1)");
        })
        .signal("nan", () -> Double.NaN)
        .build()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> m.snapshot().sequence() >= 1);
      String json = render(m, m.nanoTime());
      Map<String, Object> doc = JsonReader.object(json);

      assertThat(doc.keySet()).containsExactly(FIELDS);
      assertThat(map(doc.get("latency")).keySet()).containsExactly("quantile", "millis", "count", "quantiles");
      assertThat(map(doc.get("signals")).keySet()).containsExactly("queue", "nan");
      assertThat(map(doc.get("signals"))).containsEntry("queue", null).containsEntry("nan", null);
      assertThat(map(doc.get("failures")).keySet()).containsExactly("queue", "nan");
      assertThat((String) map(doc.get("failures")).get("queue")).startsWith("java.lang.IllegalStateException: queue gone");
      assertThat(json).as("escaped: the document stays one line").doesNotContain("\n", "\r", "\t");
      assertThat(doc.get("stale")).isEqualTo(false);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static String render(PressureMonitor m, long now) {
    return StatusJson.render(m, m.read(), PressureMonitor.DEFAULT_TIER, false);
  }
}
