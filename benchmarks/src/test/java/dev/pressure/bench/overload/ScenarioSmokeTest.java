package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pressure.admission.Criticality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The priority and deadline scenarios end to end, in seconds each: a real Jetty per cell, the
 * Jetty client sending marked requests, the server's log, the report. Whether pressure meets its
 * targets is not asserted (CI machines are noisy); only that every configuration has a result,
 * that the numbers are well-formed, and what holds on any machine: the unprotected server at 4x
 * builds a queue longer than the client timeout, so it serves some requests nobody waits for.
 */
class ScenarioSmokeTest {

  @TempDir
  Path out;

  @Test
  void priorityScenarioCountsEachClassForEveryConfiguration() throws Exception {
    HarnessResults results = OverloadHarness.run(short_(Scenario.PRIORITY), line -> { });
    Path md = Report.write(results, out);

    assertThat(results.cells()).isEmpty();
    assertThat(results.deadline()).isEmpty();
    assertThat(results.priority()).extracting(c -> c.cell().protection()).containsExactly(Protection.values());
    assertThat(results.priority()).allSatisfy(c -> {
      String label = c.cell().protection().label();
      assertThat(c.critical().level()).isEqualTo(Criticality.CRITICAL);
      assertThat(c.sheddable().level()).isEqualTo(Criticality.SHEDDABLE);
      // Every fifth request is CRITICAL: a fifth of those sent, give or take the phase edges.
      assertThat(c.critical().offered()).as(label).isPositive()
          .isBetween(c.cell().sent() / 5 - 1, c.cell().sent() / 5 + 1);
      assertThat(c.critical().offered() + c.sheddable().offered()).as(label).isEqualTo(c.cell().sent());
      assertThat(c.critical().goodputShare()).as(label).isBetween(0.0, 1.0);
      assertThat(c.sheddable().goodputShare()).as(label).isBetween(0.0, 1.0);
    });
    assertThat(description(results.priority().get(1).cell())).contains("criticalityHeader");
    assertThat(results.priority()).filteredOn(c -> c.cell().protection() == Protection.JETTY_QOS)
        .singleElement().satisfies(c -> assertThat(c.cell().description()).contains("getPriority"));
    assertThat(results.priority()).filteredOn(c -> c.cell().protection() == Protection.CONCURRENCY_LIMITS)
        .singleElement().satisfies(c -> assertThat(c.cell().description()).contains("partitioned"));

    assertThat(Files.readString(md)).contains("### Priority mix", "| pressure-gate |", "CRITICAL goodput");
    assertThat(Files.readAllLines(out.resolve("priority.csv"))).hasSize(1 + Protection.values().length);
    assertThat(SvgChartTest.parse(Files.readString(out.resolve("resource-priority-4x.svg")))
        .getElementsByTagName("rect").getLength()).isGreaterThan(2 * Protection.values().length);
  }

  @Test
  void deadlineScenarioMeasuresWastedWorkAndTheUnprotectedServerWastesSome() throws Exception {
    HarnessResults results = OverloadHarness.run(short_(Scenario.DEADLINE), line -> { });
    Path md = Report.write(results, out);

    assertThat(results.deadline()).extracting(c -> c.cell().protection()).containsExactly(Protection.values());
    assertThat(results.deadline()).allSatisfy(c -> {
      String label = c.cell().protection().label();
      assertThat(c.wasted().served()).as(label).isPositive();
      assertThat(c.wasted().share()).as(label).isBetween(0.0, 1.0);
      assertThat(c.wasted().dropped()).as(label).isZero();
    });
    DeadlineCell none = results.deadline().get(0);
    assertThat(none.cell().protection()).isEqualTo(Protection.NONE);
    assertThat(none.wasted().wasted()).isPositive();
    assertThat(none.wasted().share()).isPositive();
    assertThat(description(results.deadline().get(1).cell())).contains("deadlineHeader");

    assertThat(Files.readString(md)).contains("### Deadlines and wasted work", "| none |", "wasted server time");
    assertThat(Files.readAllLines(out.resolve("deadline.csv"))).hasSize(1 + Protection.values().length);
    assertThat(Files.exists(out.resolve("resource-deadline-4x.svg"))).isTrue();
  }

  private static String description(CellResult cell) {
    assertThat(cell.protection()).isEqualTo(Protection.PRESSURE_GATE);
    return cell.description();
  }

  /**
   * One scenario on the resource workload at 4x, about two seconds per configuration. The
   * overload phase is longer than the client timeout, so an unprotected queue outgrows it. The
   * capacity warm-up is as long as the thread-pool smoke test's: in a cold, loaded JVM the
   * client's first requests load its classes, and a shorter one has measured 0/s.
   */
  private HarnessOptions short_(Scenario scenario) {
    return HarnessOptions.quick()
        .with(List.of(Workload.RESOURCE), List.of(Protection.values()), null, out, null, null)
        .withScenarios(List.of(scenario), List.of(4.0))
        .withPhases(Duration.ofMillis(200), Duration.ofMillis(1500), Duration.ofMillis(300),
            Duration.ofMillis(600), Duration.ofMillis(600));
  }
}
