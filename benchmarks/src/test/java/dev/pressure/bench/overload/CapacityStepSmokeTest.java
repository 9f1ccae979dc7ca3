package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capacity-step scenario end to end on a real Jetty, in a few seconds: the adaptive and the
 * static gate, each through both steps. Numbers are not judged (CI machines are noisy): only that
 * the run produced them, that the gates were sampled and that the static limit never moved.
 */
class CapacityStepSmokeTest {

  @TempDir
  Path out;

  @Test
  void quickRunProducesStepsTimelinesTablesCsvAndPlots() throws Exception {
    CapacityStepOptions options = CapacityStepOptions.quick().withOut(out).withPhase(Duration.ofMillis(1000));
    List<String> log = new ArrayList<>();

    CapacityStepReport.Run run = CapacityStep.run(options, log::add);
    Path md = CapacityStepReport.write(run, out);

    assertThat(run.capacityPerSecond()[0]).isPositive();
    assertThat(run.capacityPerSecond()[1]).isPositive();
    assertThat(run.results()).extracting(CapacityStepResult::protection)
        .containsExactly(Protection.PRESSURE_ADAPTIVE, Protection.PRESSURE_GATE);
    for (CapacityStepResult r : run.results()) {
      String label = r.protection().label();
      assertThat(r.steps()).as(label).extracting(CapacityStepResult.Step::name).containsExactly("x2", "x0.5");
      assertThat(r.phases()).as(label).extracting(CapacityStepResult.PhaseStats::name)
          .containsExactly("base", "doubled", "base-again");
      assertThat(r.phases()).as(label).allSatisfy(p -> {
        assertThat(p.sent()).isPositive();
        assertThat(p.goodputPerSecond()).isPositive();
        assertThat(p.p99Millis()).isPositive();
      });
      // The sampler ran through all three phases: samples before the first step and after the second.
      assertThat(r.samples()).as(label).isNotEmpty();
      assertThat(r.samples().get(0).atMillis()).isLessThan(r.steps().get(0).atMillis());
      assertThat(r.samples().get(r.samples().size() - 1).atMillis()).isGreaterThan(r.steps().get(1).atMillis());
      assertThat(r.steps().get(0).atMillis()).isLessThan(r.steps().get(1).atMillis());
      assertThat(r.windows()).as(label).isNotEmpty();
    }
    CapacityStepResult gate = run.results().get(1);
    assertThat(gate.samples()).extracting(CapacityStepResult.Sample::limit).containsOnly(4);
    assertThat(gate.steps()).allSatisfy(s -> {
      assertThat(s.settleMillis()).isZero();
      assertThat(s.limitBefore()).isEqualTo(4);
      assertThat(s.limitAfter()).isEqualTo(4);
    });
    // The adaptive limit is visible (its no-load estimate), unlike the fixed one.
    assertThat(run.results().get(0).samples()).anySatisfy(s -> assertThat(s.noLoadMillis()).isPositive());
    assertThat(gate.samples()).allSatisfy(s -> assertThat(s.noLoadMillis()).isNaN());
    assertThat(log).anyMatch(l -> l.startsWith("capacity")).anyMatch(l -> l.contains("step x2"));

    String text = Files.readString(md);
    assertThat(text).contains("| pressure-adaptive | x2 |", "| pressure-adaptive | x0.5 |", "| pressure-gate | x2 |",
        "| pressure-gate | x0.5 |", "| pressure-gate | doubled | 40 |", "Load average");
    assertThat(Files.readAllLines(out.resolve("capacity-step.csv"))).hasSize(1 + 2 * 3);
    assertThat(Files.readAllLines(out.resolve("capacity-step-timeline.csv")))
        .hasSize(1 + run.results().get(0).samples().size() + gate.samples().size());
    for (Protection p : List.of(Protection.PRESSURE_ADAPTIVE, Protection.PRESSURE_GATE)) {
      var doc = SvgChartTest.parse(Files.readString(out.resolve("capacity-step-" + p.label() + ".svg")));
      // Per chart: the series, the capacity line and two step marks; three charts.
      assertThat(doc.getElementsByTagName("path").getLength()).as(p.label()).isGreaterThanOrEqualTo(9);
    }
  }
}
