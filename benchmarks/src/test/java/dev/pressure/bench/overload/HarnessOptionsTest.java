package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarnessOptionsTest {

  @Test
  void modePicksTheDefaultsAndFlagsOverrideThem() {
    HarnessOptions o = HarnessOptions.parse("--configs", "none,pressure-adaptive", "--mode", "full", "--loads", "0.5,4",
        "--workloads", "cpu", "--out", "x", "--queue-bound", "2", "--timeout-ms", "500");

    assertThat(o.mode()).isEqualTo("full");
    assertThat(o.protections()).containsExactly(Protection.NONE, Protection.PRESSURE_ADAPTIVE);
    assertThat(o.loadFactors()).containsExactly(0.5, 4.0);
    assertThat(o.workloads()).containsExactly(Workload.CPU);
    assertThat(o.out()).isEqualTo(Paths.get("x"));
    assertThat(o.queueBound()).isEqualTo(2.0);
    assertThat(o.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.overload()).isEqualTo(HarnessOptions.full().overload());
  }

  @Test
  void fullModeComparesEveryConfigurationAtEveryLoad() {
    HarnessOptions full = HarnessOptions.full();

    assertThat(full.protections()).containsExactly(Protection.values());
    assertThat(full.workloads()).containsExactly(Workload.values());
    assertThat(full.loadFactors()).isEqualTo(List.of(0.5, 1.0, 2.0, 4.0, 10.0));
    assertThat(HarnessOptions.quick().overload()).isLessThan(full.overload());
  }

  @Test
  void scenariosDefaultToAllAndTheFlagPicksSome() {
    assertThat(HarnessOptions.full().scenarios()).containsExactly(Scenario.values());
    assertThat(HarnessOptions.full().scenarioLoads()).containsExactly(4.0);

    HarnessOptions o = HarnessOptions.parse("--mode", "full", "--scenarios", "priority,deadline",
        "--scenario-loads", "4,10", "--workloads", "resource,cpu,thread-pool");

    assertThat(o.scenarios()).containsExactly(Scenario.PRIORITY, Scenario.DEADLINE);
    assertThat(o.scenarioLoads()).containsExactly(4.0, 10.0);
    assertThat(o.runsMarkedScenarios()).isTrue();
    assertThat(o.scenarioWorkloads()).containsExactly(Workload.RESOURCE, Workload.THREAD_POOL);
    assertThat(o.withScenarios(List.of(Scenario.LOAD), null).runsMarkedScenarios()).isFalse();
    assertThatIllegalArgumentException().isThrownBy(() -> HarnessOptions.parse("--mode", "quick", "--scenarios", "step"))
        .withMessage("--scenarios: load, priority, deadline. Found: step");
  }

  @Test
  void badArgumentsAreNamedWithWhatIsAllowed() {
    assertThatIllegalArgumentException().isThrownBy(() -> HarnessOptions.parse("--loads", "1"))
        .withMessage("--mode: quick or full. Found: nothing");
    assertThatIllegalArgumentException().isThrownBy(() -> HarnessOptions.parse("--mode", "slow"))
        .withMessage("--mode: quick or full. Found: slow");
    assertThatIllegalArgumentException().isThrownBy(() -> HarnessOptions.parse("--mode", "quick", "--loads", "0,1"))
        .withMessage("--loads: a number > 0. Found: 0");
    assertThatIllegalArgumentException().isThrownBy(() -> HarnessOptions.parse("--mode", "quick", "--configs", "istio"))
        .withMessage("--configs: none, pressure-gate, pressure-adaptive, concurrency-limits, jetty-qos. Found: istio");
    assertThatIllegalArgumentException().isThrownBy(() -> HarnessOptions.parse("--mode", "quick", "--port", "80"))
        .withMessageStartingWith("arguments: --mode, --workloads,").withMessageEndingWith("Found: --port");
  }
}
