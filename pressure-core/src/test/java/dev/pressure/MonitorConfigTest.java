package dev.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The inert configuration: built and validated without starting anything, started on its own. */
class MonitorConfigTest {

  private static Set<String> pressureThreads() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("pressure-")).collect(Collectors.toSet());
  }

  @Test
  void buildingAConfigStartsNothingAndStartingItRunsAMonitorWithItsValues() {
    Set<String> before = pressureThreads();
    MonitorConfig config = MonitorConfig.builder()
        .name("inert")
        .maxHeapUsedBytes(512L << 20)
        .sampleInterval(Duration.ofMillis(250))
        .signal("queue", () -> 1)
        .tier("readiness", Thresholds.builder().maxSignal("queue", 2).build())
        .build();
    assertThat(pressureThreads()).as("no thread for a config").isEqualTo(before);
    assertThat(config.tiers()).containsOnlyKeys("default", "readiness");
    assertThat(config.signalNames()).containsExactly("queue");
    assertThat(config.staleAfter()).isEqualTo(Duration.ofSeconds(2));

    try (PressureMonitor m = PressureMonitor.start(config)) {
      assertThat(m.config()).isSameAs(config);
      assertThat(m.id()).startsWith("inert-");
      assertThat(m.tier("readiness").thresholds().maxSignals()).containsEntry("queue", 2.0);
      assertThat(m.sampleInterval()).isEqualTo(Duration.ofMillis(250));
      assertThat(pressureThreads()).anyMatch(n -> n.startsWith("pressure-" + m.id() + "-sampler-"));
    }
  }

  @Test
  void toBuilderKeepsEveryValueAndChangesOnlyWhatIsSet() {
    MonitorConfig a = MonitorConfig.builder().maxLatency(Duration.ofMillis(800)).latencyQuantile(0.99)
        .heapUsedAfterGc(true).staleAfter(Duration.ofSeconds(9)).stalePolicy(StalePolicy.FAIL_CLOSED)
        .tier("shed", Thresholds.builder().maxRssBytes(10).build()).build();
    MonitorConfig b = a.toBuilder().sampleInterval(Duration.ofMillis(500)).build();
    assertThat(b.tiers()).isEqualTo(a.tiers());
    assertThat(b.latencyQuantile()).isEqualTo(0.99);
    assertThat(b.heapUsedAfterGc()).isTrue();
    assertThat(b.staleAfter()).isEqualTo(Duration.ofSeconds(9));
    assertThat(b.stalePolicy()).isEqualTo(StalePolicy.FAIL_CLOSED);
    assertThat(b.sampleInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(a.sampleInterval()).as("the original is unchanged").isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aConfigThatDoesNotFitIsRefusedBeforeAnythingStarts() {
    Set<String> before = pressureThreads();
    assertThatThrownBy(() -> MonitorConfig.builder()
        .tier("readiness", Thresholds.builder().maxSignal("missing", 1).build()).build())
        .hasMessage("tier readiness maxSignal: the name of a signal registered with the monitor []. Found: \"missing\"");
    assertThatThrownBy(() -> MonitorConfig.builder().name("a b"))
        .hasMessage("name: 1 to 64 of letters, digits, '_', '.', '-'. Found: \"a b\"");
    assertThatThrownBy(() -> PressureMonitor.start(null)).hasMessage("config: not null. Found: null");
    assertThat(pressureThreads()).isEqualTo(before);
  }
}
