package dev.pressure.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import dev.pressure.Thresholds;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.CollectorRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * A scrape costs O(series): the number of samples and the bytes a scrape allocates stay the same
 * however many scrapes ran before and however many requests were recorded in between.
 */
class ScrapeCostTest {

  @Test
  void scrapesStayTheSameSizeWhateverTheRequestVolume() {
    try (PressureMonitor monitor = PressureMonitor.builder()
        .sampleInterval(Duration.ofMillis(10))
        .maxLatency(Duration.ofMillis(800))
        .signal("queue_ratio", () -> 0.5)
        .liveSignal("inflight", () -> 1)
        .tier("readiness", Thresholds.builder().maxLatency(Duration.ofMillis(400)).maxSignal("inflight", 2).build())
        .build()) {
      CollectorRegistry registry = new CollectorRegistry();
      PressureCollector.builder(monitor).build().register(registry);
      awaitSample(monitor);

      int series = sampleCount(registry);
      long quiet = allocatedBytes(registry, 2_000); // also warms up the JIT
      quiet = Math.min(quiet, allocatedBytes(registry, 2_000));

      for (int i = 0; i < 200_000; i++) {
        monitor.recordLatency(1_000_000L + i);
        monitor.recordShed(PressureType.LATENCY);
      }
      awaitSample(monitor);
      long busy = allocatedBytes(registry, 2_000);

      System.out.printf("series=%d, bytes/scrape quiet=%d busy=%d%n", series, quiet / 2000, busy / 2000);
      assertThat(sampleCount(registry)).isEqualTo(series);
      assertThat(monitor.snapshot().latency().totalCount()).isEqualTo(200_000);
      // Same work per scrape: allocation may only wobble (JIT), never grow with volume.
      assertThat(busy).as("bytes per 2000 scrapes, quiet: %d", quiet).isLessThan(quiet * 3 / 2);
    }
  }

  private static int sampleCount(CollectorRegistry registry) {
    int n = 0;
    for (MetricFamilySamples family : Collections.list(registry.metricFamilySamples())) {
      n += family.samples.size();
    }
    return n;
  }

  /** Bytes this thread allocates to collect {@code scrapes} times (no text formatting). */
  private static long allocatedBytes(CollectorRegistry registry, int scrapes) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    long samples = 0;
    for (int i = 0; i < scrapes; i++) {
      for (MetricFamilySamples family : Collections.list(registry.metricFamilySamples())) {
        samples += family.samples.size();
      }
    }
    long bytes = threads.getThreadAllocatedBytes(id) - before;
    assertThat(samples).isPositive();
    return bytes;
  }

  private static void awaitSample(PressureMonitor monitor) {
    long after = monitor.snapshot().sequence();
    await().atMost(Duration.ofSeconds(10)).until(() -> monitor.snapshot().sequence() > after);
  }
}
