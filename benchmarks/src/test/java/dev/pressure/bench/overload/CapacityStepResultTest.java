package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** The settle-time definition on synthetic timelines, and the scenario's flags. */
class CapacityStepResultTest {

  /** One sample every 100 ms over [from, to), the limit a function of the sample's index from the step. */
  private static List<CapacityStepResult.Sample> timeline(double from, double to, IntUnaryOperator limit) {
    List<CapacityStepResult.Sample> s = new ArrayList<>();
    int i = 0;
    for (double t = from; t < to; t += 100, i++) {
      s.add(new CapacityStepResult.Sample(t, limit.applyAsInt(i), 0, 0, Double.NaN, false));
    }
    return s;
  }

  @Test
  void aLimitThatIsFlatFromTheStepSettlesAtOnce() {
    assertThat(CapacityStepResult.settleMillis(timeline(0, 10_000, i -> 8), 0, 10_000, true)).isZero();
  }

  @Test
  void settlesAtTheFirstSampleAfterWhichEverySampleStaysInTheBand() {
    // 40 for 1.5 s, then a ramp down 30, 20, then 10 and 11 alternating: reference 10.5 (median of the
    // last half), band +-2.1; the first in-band sample is at 1.7 s.
    List<CapacityStepResult.Sample> s = timeline(0, 10_000, i -> i < 15 ? 40 : i == 15 ? 30 : i == 16 ? 20
        : 10 + (i % 2));
    assertThat(CapacityStepResult.settleMillis(s, 0, 10_000, true)).isEqualTo(1700);
    assertThat(CapacityStepResult.referenceLimit(s, 0, 10_000, true)).isEqualTo(10.5);
  }

  @Test
  void theBandIsOnePermitWhenTwentyPercentIsLess() {
    // Reference 3: 20% is 0.6, so the band is +-1: 4 is in, 5 is out.
    List<CapacityStepResult.Sample> in = timeline(0, 4_000, i -> i < 5 ? 5 : i % 2 == 0 ? 4 : 3);
    assertThat(CapacityStepResult.settleMillis(in, 0, 4_000, true)).isEqualTo(500);
  }

  @Test
  void aStepThatStartsLaterMeasuresFromTheStep() {
    List<CapacityStepResult.Sample> s = new ArrayList<>(timeline(0, 5_000, i -> 20));
    s.addAll(timeline(5_000, 10_000, i -> i < 10 ? 30 : 12));
    assertThat(CapacityStepResult.settleMillis(s, 5_000, 10_000, true)).isEqualTo(1000);
  }

  @Test
  void anOscillatingLimitNeverSettles() {
    // 5 and 20 alternating: the reference is 12.5 and no sample is within +-2.5 of it.
    List<CapacityStepResult.Sample> s = timeline(0, 10_000, i -> i % 2 == 0 ? 5 : 20);
    assertThat(CapacityStepResult.settleMillis(s, 0, 10_000, true)).isNaN();
  }

  @Test
  void aLimitThatOnlyReachesTheBandInTheLastQuarterHasNotSettled() {
    // Drifts from 40 down by 1 per sample, then sits at 10 for the last 2 s (a fifth of the phase).
    List<CapacityStepResult.Sample> s = timeline(0, 10_000, i -> i >= 80 ? 10 : Math.max(11, 40 - i / 3));
    assertThat(CapacityStepResult.settleMillis(s, 0, 10_000, true)).isNaN();
  }

  @Test
  void aLastSampleOutsideTheBandNeverSettles() {
    List<CapacityStepResult.Sample> s = timeline(0, 10_000, i -> i == 99 ? 50 : 10);
    assertThat(CapacityStepResult.settleMillis(s, 0, 10_000, true)).isNaN();
  }

  @Test
  void noSamplesNeverSettles() {
    assertThat(CapacityStepResult.settleMillis(List.of(), 0, 10_000, true)).isNaN();
    assertThat(CapacityStepResult.referenceLimit(List.of(), 0, 10_000, true)).isNaN();
  }

  @Test
  void probeSamplesAreLeftOutOneWayAndCountedTheOther() {
    // Settled at 12 from the step, but a probe halves the limit at 8.0-8.3 s.
    List<CapacityStepResult.Sample> s = new ArrayList<>();
    for (CapacityStepResult.Sample x : timeline(0, 10_000, i -> 12)) {
      boolean probe = x.atMillis() >= 8_000 && x.atMillis() < 8_400;
      s.add(new CapacityStepResult.Sample(x.atMillis(), probe ? 6 : 12, 0, 0, 20, probe));
    }
    assertThat(CapacityStepResult.settleMillis(s, 0, 10_000, true)).isZero();
    // Counting the probe: in band again from 8.4 s, 1.6 s before the end, less than a quarter.
    assertThat(CapacityStepResult.settleMillis(s, 0, 10_000, false)).isNaN();
  }

  @Test
  void flagsAreCheckedWithTheirAllowedValues() {
    assertThat(CapacityStepOptions.parse("--mode", "full").phase().toSeconds()).isEqualTo(10);
    assertThat(CapacityStepOptions.parse("--mode", "quick", "--out", "x").out()).isEqualTo(Paths.get("x"));
    assertThat(CapacityStepOptions.parse("--mode", "quick", "--configs", "pressure-gate,none").protections())
        .containsExactly(Protection.PRESSURE_GATE, Protection.NONE);
    assertThat(CapacityStepOptions.full().out()).isEqualTo(Paths.get("benchmarks/target/capacity-step"));
    assertThatThrownBy(() -> CapacityStepOptions.parse("--mode", "slow"))
        .hasMessage("--mode: quick or full. Found: slow");
    assertThatThrownBy(() -> CapacityStepOptions.parse("--out", "x"))
        .hasMessage("--mode: quick or full. Found: nothing");
    assertThatThrownBy(() -> CapacityStepOptions.parse("--mode", "quick", "--configs", "magic"))
        .hasMessage("--configs: pressure-adaptive, pressure-gate, none, concurrency-limits, jetty-qos. Found: magic");
    assertThatThrownBy(() -> CapacityStepOptions.parse("--mode", "quick", "--load", "-1"))
        .hasMessage("--load: a number > 0. Found: -1");
    assertThat(CapacityStepOptions.parse("--mode", "quick", "--queue-bound", "0").queueBound()).isZero();
    assertThatThrownBy(() -> CapacityStepOptions.parse("--mode", "quick", "--queue-bound", "x"))
        .hasMessage("--queue-bound: a number >= 0. Found: x");
    assertThatThrownBy(() -> CapacityStepOptions.parse("--mode", "quick", "--speed", "1"))
        .hasMessageStartingWith("arguments: --mode").hasMessageEndingWith("Found: --speed");
    assertThatThrownBy(() -> CapacityStepOptions.parse("--mode"))
        .hasMessage("arguments: --flag value pairs. Found: --mode");
  }
}
