package dev.pressure.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.PressureMonitor;
import dev.pressure.TestSeams;
import dev.pressure.Thresholds;
import io.prometheus.client.CollectorRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every scrape comes from one snapshot, judged once; the heap exported is the one compared. */
class OneScrapeTest {

  @Test
  void everyScrapeIsFromOneSnapshotWhileSamplesArePublishedContinuously() throws Exception {
    AtomicLong n = new AtomicLong();
    PressureMonitor m = TestSeams.manual(() -> 1, () -> -1)
        .signal("a", n::incrementAndGet)
        .signal("b", n::get)
        .signal("odd", () -> n.get() % 2)
        .tier("odd", Thresholds.builder().maxSignal("odd", 0.5).build())
        .build();
    CollectorRegistry registry = new CollectorRegistry();
    PressureCollector.builder(m).build().register(registry);
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
      for (int i = 0; i < 2_000; i++) {
        Exposition e = Exposition.scrape(registry);
        double a = e.get("a");
        boolean odd = ((long) a) % 2 == 1;
        assertThat(e.get("b")).as("scrape %d", i).isEqualTo(a);
        assertThat(e.get("odd")).as("scrape %d", i).isEqualTo(odd ? 1.0 : 0.0);
        assertThat(e.get("pressure_under_pressure", "tier", "odd", "type", "odd")).as("scrape %d", i)
            .isEqualTo(odd ? 1.0 : 0.0);
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
  void withHeapUsedAfterGcTheExportedHeapIsTheComparedOne() {
    try (PressureMonitor m = TestSeams.manual(() -> 9_000, () -> 6_000).heapUsedAfterGc(true)
        .maxHeapUsedBytes(5_000).build()) {
      TestSeams.sampleNow(m);
      CollectorRegistry registry = new CollectorRegistry();
      PressureCollector.builder(m).build().register(registry);
      Exposition e = Exposition.scrape(registry);
      assertThat(e.get("pressure_heap_used_bytes")).isEqualTo(6_000.0);
      assertThat(e.get("pressure_under_pressure", "tier", "default", "type", "heapUsedBytes")).isEqualTo(1.0);
    }
  }
}
