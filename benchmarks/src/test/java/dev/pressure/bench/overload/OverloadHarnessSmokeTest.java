package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end, in a few seconds: a real Jetty on a loopback port, the open-loop
 * client, the statistics and the report. The numbers are not judged (CI machines are noisy);
 * only that the run produced them, and that a protection under 4x load turns requests away.
 */
class OverloadHarnessSmokeTest {

  @TempDir
  Path out;

  @Test
  void quickRunOfOneConfigurationProducesTablesCsvAndPlots() throws Exception {
    HarnessOptions options = short_(loadOnly()
        .with(List.of(Workload.RESOURCE), List.of(Protection.NONE), List.of(0.5, 2.0), out, null, null));
    List<String> log = new ArrayList<>();

    HarnessResults results = OverloadHarness.run(options, log::add);
    Path md = Report.write(results, out);

    assertThat(results.capacities()).containsKey(Workload.RESOURCE);
    assertThat(results.capacities().get(Workload.RESOURCE).perSecond()).isPositive();
    assertThat(results.cells()).hasSize(2);
    CellResult unloaded = results.cells().get(0);
    assertThat(unloaded.sent()).isPositive();
    assertThat(unloaded.goodputPerSecond()).isPositive();
    assertThat(unloaded.p99Millis()).isPositive();
    assertThat(results.unloadedP99Millis()).containsEntry(Workload.RESOURCE, unloaded.p99Millis());
    assertThat(results.before().processors()).isPositive();
    assertThat(log).anyMatch(l -> l.contains("capacity")).anyMatch(l -> l.contains("none"));

    assertThat(Files.readString(md)).contains("| none | 0.5x |", "| none | 2x |", "Load average");
    assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(3);
    for (String svg : List.of("resource-vs-load.svg", "resource-timeline-2x.svg")) {
      assertThat(SvgChartTest.parse(Files.readString(out.resolve(svg))).getElementsByTagName("path").getLength())
          .as(svg).isPositive();
    }
  }

  @Test
  void everyProtectionTurnsRequestsAwayAt4xAndServesTheRest() throws Exception {
    HarnessOptions options = short_(loadOnly().with(List.of(Workload.RESOURCE),
        List.of(Protection.PRESSURE_GATE, Protection.PRESSURE_ADAPTIVE, Protection.CONCURRENCY_LIMITS,
            Protection.JETTY_QOS),
        List.of(4.0), out,
        null, null));

    HarnessResults results = OverloadHarness.run(options, line -> { });

    assertThat(results.cells()).hasSize(4).allSatisfy(cell -> {
      assertThat(cell.rejectedShare()).as(cell.protection().label()).isPositive();
      assertThat(cell.goodputPerSecond()).as(cell.protection().label()).isPositive();
      assertThat(cell.firstShedMillis()).as(cell.protection().label()).isNotNaN();
    });
    Map<Protection, String> described = new java.util.EnumMap<>(Protection.class);
    results.cells().forEach(c -> described.put(c.protection(), c.description()));
    assertThat(described.get(Protection.PRESSURE_ADAPTIVE)).contains("adaptive").doesNotContain("queue_ratio");
    assertThat(described.get(Protection.JETTY_QOS)).contains("QoSHandler");
    assertThat(described.get(Protection.PRESSURE_GATE)).contains("maxConcurrentRequests");
    assertThat(described.get(Protection.CONCURRENCY_LIMITS)).contains("Gradient2Limit");
  }

  @Test
  void threadPoolWorkloadRunsWithTheContainerPoolAsItsBottleneck() throws Exception {
    // A longer capacity warm-up than short_: when this test runs first in a loaded JVM, the
    // client's first requests load its classes, and 100 ms of warm-up measured 0/s once.
    HarnessOptions options = loadOnly().with(List.of(Workload.THREAD_POOL),
        List.of(Protection.NONE, Protection.JETTY_QOS), List.of(4.0), out, null, null)
        .withPhases(Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofMillis(400),
            Duration.ofMillis(600), Duration.ofMillis(600));

    HarnessResults results = OverloadHarness.run(options, line -> { });
    Path md = Report.write(results, out);

    assertThat(results.capacities().get(Workload.THREAD_POOL).perSecond()).isPositive();
    assertThat(results.cells()).hasSize(2).allSatisfy(cell -> {
      assertThat(cell.workload()).isEqualTo(Workload.THREAD_POOL);
      assertThat(cell.goodputPerSecond()).as(cell.protection().label()).isPositive();
    });
    // At 4x the queue forms in Jetty's pool, before any handler: clients wait longer than the
    // service time even with QoSHandler in front (it sees at most the pool's threads at once).
    double serviceMillis = options.resourceService().toNanos() / 1e6;
    assertThat(results.cells()).allSatisfy(cell ->
        assertThat(cell.p99Millis()).as(cell.protection().label()).isGreaterThan(serviceMillis));
    assertThat(Files.readString(md)).contains("thread-pool");
  }

  /** Quick mode with the load sweep only (the other scenarios have their own smoke tests). */
  private static HarnessOptions loadOnly() {
    return HarnessOptions.quick().withScenarios(List.of(Scenario.LOAD), null);
  }

  /** Phases short enough for CI: about two seconds per cell. */
  private static HarnessOptions short_(HarnessOptions o) {
    return o.withPhases(Duration.ofMillis(200), Duration.ofMillis(800), Duration.ofMillis(400),
        Duration.ofMillis(100), Duration.ofMillis(400));
  }
}
