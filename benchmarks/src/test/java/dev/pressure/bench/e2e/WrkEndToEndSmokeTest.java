package dev.pressure.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario end to end in a few seconds: the real wrk against the three real servers, one
 * round of 1 s at {@code -c4}, no warm-up. The numbers are not judged (CI machines are noisy,
 * and a cold JIT favours whichever setup runs last); only that every setup served requests,
 * nothing but 2xx, that the ratios exist and the report files were written.
 *
 * <p>wrk must be installed ({@code .ci/run} installs the Debian package): a missing wrk fails
 * this test, in CI and elsewhere; the project skips no test.
 */
class WrkEndToEndSmokeTest {

  @TempDir
  Path out;

  @Test
  void oneShortRoundOfEverySetupProducesRatesRatiosAndTheReport() throws Exception {
    WrkOptions options = WrkOptions.parse("--rounds", "1", "--seconds", "1", "--warmup", "0", "--settle", "0",
        "--connections", "4", "--out", out.toString());
    assertThat(Files.isExecutable(options.wrk()))
        .as("wrk at %s: install the Debian package `wrk` (.ci/run does; CI=%s)", options.wrk(), System.getenv("CI"))
        .isTrue();
    List<String> log = new ArrayList<>();

    EndToEndResults results = WrkEndToEnd.run(options, log::add);
    Path md = EndToEndReport.write(results, out);

    assertThat(results.rounds()).hasSize(3);
    for (Setup setup : Setup.values()) {
      List<Round> rounds = results.of(setup);
      assertThat(rounds).as(setup.label()).hasSize(1);
      WrkOutput w = rounds.get(0).wrk();
      assertThat(w.requestsPerSecond()).as(setup.label()).isPositive();
      assertThat(w.requests()).as(setup.label()).isPositive();
      assertThat(w.non2xx()).as(setup.label()).isZero();
      assertThat(w.socketErrors().total()).as(setup.label()).isZero();
      assertThat(w.latency(99)).as(setup.label()).isPositive();
      assertThat(results.ratio(setup)).as(setup.label()).isPositive().isFinite();
    }
    assertThat(results.ratio(Setup.BARE)).isEqualTo(1.0);
    assertThat(results.environment()).anyMatch(l -> l.startsWith("wrk: wrk "));
    assertThat(log).anyMatch(l -> l.startsWith("round 1 filter-gate: ")).anyMatch(l -> l.startsWith("filter: median"));

    assertThat(Files.readString(md)).contains("| bare |", "| filter |", "| filter-gate |", "Load average");
    List<String> csv = Files.readAllLines(out.resolve(EndToEndReport.CSV));
    assertThat(csv).hasSize(4).first().isEqualTo(EndToEndReport.CSV_HEADER);
    assertThat(csv.get(1)).startsWith("1,bare,");
    String svg = Files.readString(out.resolve(EndToEndReport.SVG));
    assertThat(EndToEndResultsTest.svgElements(svg, "path")).isGreaterThanOrEqualTo(3 + 1); // bars + target
  }
}
