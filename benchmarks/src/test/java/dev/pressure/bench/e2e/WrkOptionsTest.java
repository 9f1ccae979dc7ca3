package dev.pressure.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrkOptionsTest {

  @Test
  void modesPickRoundsSecondsAndWarmUp() {
    WrkOptions full = WrkOptions.parse("--mode", "full");
    assertThat(List.of(full.rounds(), full.seconds(), full.warmupSeconds(), full.threads(), full.connections()))
        .containsExactly(5, 5, 10, 1, 32);
    assertThat(full.setups()).containsExactly(Setup.BARE, Setup.FILTER, Setup.FILTER_GATE);
    assertThat(full.out()).isEqualTo(Paths.get("benchmarks/target/wrk"));
    WrkOptions quick = WrkOptions.parse();
    assertThat(List.of(quick.rounds(), quick.seconds(), quick.warmupSeconds())).containsExactly(3, 3, 4);
  }

  @Test
  void flagsOverrideTheMode() {
    WrkOptions o = WrkOptions.parse("--rounds", "7", "--mode", "full", "--seconds", "2", "--wrk", "/opt/wrk",
        "--out", "x", "--connections", "4", "--configs", "bare,filter-gate", "--warmup", "0", "--settle", "0");
    assertThat(List.of(o.rounds(), o.seconds(), o.warmupSeconds(), o.settleSeconds(), o.connections()))
        .containsExactly(7, 2, 0, 0, 4);
    assertThat(o.wrk()).isEqualTo(Paths.get("/opt/wrk"));
    assertThat(o.out()).isEqualTo(Paths.get("x"));
    assertThat(o.setups()).containsExactly(Setup.BARE, Setup.FILTER_GATE);
    assertThat(o.describe()).startsWith("wrk -t1 -c4 -d2s --latency; 7 rounds of bare, filter-gate");
  }

  @Test
  void badValuesAreNamedWithWhatIsAllowed() {
    assertThatThrownBy(() -> WrkOptions.parse("--mode", "slow")).hasMessage("--mode: quick or full. Found: slow");
    assertThatThrownBy(() -> WrkOptions.parse("--rounds", "0")).hasMessage("--rounds: an integer >= 1. Found: 0");
    assertThatThrownBy(() -> WrkOptions.parse("--seconds", "1.5")).hasMessage("--seconds: an integer. Found: 1.5");
    assertThatThrownBy(() -> WrkOptions.parse("--connections", "0"))
        .hasMessage("--connections: an integer >= --threads (1). Found: 0");
    assertThatThrownBy(() -> WrkOptions.parse("--configs", "filter,bare"))
        .hasMessage("--configs: bare first, then filter and/or filter-gate, each once. Found: filter,bare");
    assertThatThrownBy(() -> WrkOptions.parse("--configs", "bare,qos"))
        .hasMessage("--configs: bare, filter or filter-gate. Found: qos");
    assertThatThrownBy(() -> WrkOptions.parse("--rounds")).hasMessage("arguments: --flag value pairs. Found: --rounds");
    assertThatThrownBy(() -> WrkOptions.parse("--duration", "5")).hasMessageStartingWith("arguments: --mode, ")
        .hasMessageEndingWith("Found: --duration");
  }

  @Test
  void aMissingWrkIsNamedWithItsDebianPackage() {
    assertThatThrownBy(() -> new Wrk(Paths.get("/nonexistent/wrk")).check())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("wrk: an executable wrk 4.x (Debian package `wrk`: apt-get install wrk; or pass --wrk PATH). "
            + "Found: nothing at /nonexistent/wrk");
  }
}
