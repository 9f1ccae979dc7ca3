package dev.pressure.prometheus.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.PressureMonitor;
import dev.pressure.TestSeams;
import dev.pressure.Thresholds;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every scrape comes from one reading, judged once; the heap exported is the one compared. */
class OneScrapeTest {

  @Test
  void everyScrapeIsFromOneReadingWhileSamplesArePublishedContinuously() throws Exception {
    AtomicLong n = new AtomicLong();
    AtomicLong live = new AtomicLong();
    // A long interval: nothing goes stale during this test.
    PressureMonitor m = TestSeams.manual(() -> 1, () -> -1).sampleInterval(Duration.ofMinutes(1))
        .signal("a", n::incrementAndGet)
        .signal("b", n::get)
        .signal("odd", () -> n.get() % 2)
        .liveSignal("liveOdd", () -> live.incrementAndGet() % 2) // the sampler reads it too
        .tier("odd", Thresholds.builder().maxSignal("odd", 0.5).build())
        .tier("liveOdd", Thresholds.builder().maxSignal("liveOdd", 0.5).build())
        .build();
    PrometheusRegistry registry = new PrometheusRegistry();
    PressureMetrics.builder(m).build().register(registry);
    AtomicBoolean stop = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!stop.get()) {
        TestSeams.sampleNow(m);
      }
    });
    try {
      TestSeams.sampleNow(m);
      sampler.start();
      long distinct = 0;
      double last = -1;
      for (int i = 0; i < 500; i++) {
        Scrape e = new Scrape(text(registry));
        double a = e.get("a");
        boolean odd = ((long) a) % 2 == 1;
        assertThat(e.get("b")).as("scrape %d", i).isEqualTo(a);
        assertThat(e.get("odd")).as("scrape %d", i).isEqualTo(odd ? 1.0 : 0.0);
        assertThat(e.get("pressure_under_pressure", "tier", "odd", "type", "odd")).as("scrape %d", i)
            .isEqualTo(odd ? 1.0 : 0.0);
        // The live signal's value and its tier's verdict come from the scrape's one read of it.
        assertThat(e.get("pressure_under_pressure", "tier", "liveOdd", "type", "liveOdd")).as("scrape %d", i)
            .isEqualTo(e.get("liveOdd"));
        distinct += a != last ? 1 : 0;
        last = a;
      }
      assertThat(distinct).as("the sampler really published during the scrapes").isGreaterThan(1);
    } finally {
      stop.set(true);
      sampler.join();
      m.close();
    }
  }

  @Test
  void withHeapUsedAfterGcTheExportedHeapIsTheComparedOne() throws Exception {
    try (PressureMonitor m = TestSeams.manual(() -> 9_000, () -> 6_000).heapUsedAfterGc(true)
        .maxHeapUsedBytes(5_000).build()) {
      TestSeams.sampleNow(m);
      PrometheusRegistry registry = new PrometheusRegistry();
      PressureMetrics.builder(m).build().register(registry);
      Scrape e = new Scrape(text(registry));
      assertThat(e.get("pressure_heap_used_bytes")).isEqualTo(6_000.0);
      assertThat(e.get("pressure_under_pressure", "tier", "default", "type", "heapUsedBytes")).isEqualTo(1.0);
    }
  }

  private static String text(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
