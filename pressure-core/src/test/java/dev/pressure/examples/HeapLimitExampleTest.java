package dev.pressure.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pressure.PressureMonitor;
import dev.pressure.PressureType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The done-when: real sampler, 10 ms interval, maxHeapUsedBytes(1) then 0. */
class HeapLimitExampleTest {

  private static final Duration AWAIT = Duration.ofSeconds(10);

  @Test
  void heapLimitOfOneBytePutsTheMonitorUnderPressureAfterTheFirstSample() {
    List<Long> transitionsAt = new CopyOnWriteArrayList<>();
    try (PressureMonitor monitor = PressureMonitor.builder()
        .maxHeapUsedBytes(1)
        .sampleInterval(Duration.ofMillis(10))
        .listener((tier, previous, current, snapshot) -> transitionsAt.add(snapshot.sequence()))
        .build()) {
      await().atMost(AWAIT).until(monitor::isUnderPressure);
      assertThat(monitor.pressureType()).isEqualTo(PressureType.HEAP_USED_BYTES);
      // Not before the first sample (sequence 0 is the start snapshot), and from the first on.
      assertThat(transitionsAt).containsExactly(1L);
    }
  }

  @Test
  void disabledHeapCheckNeverPutsItUnderPressure() {
    try (PressureMonitor monitor = PressureMonitor.builder()
        .maxHeapUsedBytes(0)
        .sampleInterval(Duration.ofMillis(10))
        .build()) {
      await().atMost(AWAIT).until(() -> monitor.snapshot().sequence() >= 3);
      assertThat(monitor.isUnderPressure()).isFalse();
      assertThat(monitor.snapshot().heapUsedBytes()).isPositive();
    }
  }

  @Test
  void theExampleProgramRuns() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      HeapLimitExample.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualToNormalizingNewlines(
        "maxHeapUsedBytes(1): under pressure, type heapUsedBytes\n"
            + "maxHeapUsedBytes(0): not under pressure\n");
  }
}
