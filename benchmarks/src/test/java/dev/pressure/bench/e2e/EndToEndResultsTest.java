package dev.pressure.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** Medians, ratios and the report's files, on made-up rounds. */
class EndToEndResultsTest {

  private static final double[][] RATES = { // per round: bare, filter, filter-gate
      {10_000, 9_800, 9_700},
      {11_000, 10_900, 10_500},
      {9_000, 9_100, 8_600},
  };

  @Test
  void mediansAndRatiosOfInterleavedRounds() {
    EndToEndResults r = results();

    assertThat(r.medianRate(Setup.BARE)).isEqualTo(10_000);
    assertThat(r.medianRate(Setup.FILTER)).isEqualTo(9_800);
    assertThat(r.ratio(Setup.FILTER)).isEqualTo(0.98, within(1e-12));
    assertThat(r.ratio(Setup.FILTER_GATE)).isEqualTo(0.97, within(1e-12));
    // same-round ratios of filter: 0.98, 0.9909, 1.0111 -> median 0.9909
    assertThat(r.medianSameRoundRatio(Setup.FILTER)).isEqualTo(10_900.0 / 11_000, within(1e-12));
    assertThat(r.medianLatency(Setup.BARE, 99)).isEqualTo(2.0);
    assertThat(r.perRound(Setup.FILTER_GATE)).isEqualTo("[9700, 10500, 8600]");
  }

  @Test
  void reportShowsEveryRoundAndWhetherTheTargetIsMet() throws Exception {
    EndToEndResults r = results();

    String md = EndToEndReport.markdown(r);
    assertThat(md).contains("| filter | 9800 | 98.0% | 99.1% |", "| 9800, 10900, 9100 | met |",
        "| filter-gate | 9700 | 97.0% |", "| 3 | filter-gate | 8600 | 95.6% |", "0.50 0.40 0.30 before");
    assertThat(EndToEndReport.csv(r).lines().toList()).hasSize(10)
        .contains("2,filter,10900.00,0.9909,54500,5.00,1.000,1.500,1.800,2.000,0,0,0.50");
    String svg = EndToEndReport.svg(r);
    assertThat(svgElements(svg, "circle")).isEqualTo(9);
    assertThat(svg).contains("9800 (98.0%)", "target 97% of bare");
  }

  @Test
  void eachRoundRotatesTheOrderByOne() {
    List<Setup> all = List.of(Setup.values());

    assertThat(WrkEndToEnd.order(all, 1)).containsExactly(Setup.BARE, Setup.FILTER, Setup.FILTER_GATE);
    assertThat(WrkEndToEnd.order(all, 2)).containsExactly(Setup.FILTER, Setup.FILTER_GATE, Setup.BARE);
    assertThat(WrkEndToEnd.order(all, 3)).containsExactly(Setup.FILTER_GATE, Setup.BARE, Setup.FILTER);
    assertThat(WrkEndToEnd.order(all, 4)).isEqualTo(WrkEndToEnd.order(all, 1));
  }

  @Test
  void aMissIsMarked() {
    List<Round> rounds = List.of(round(1, Setup.BARE, 10_000), round(1, Setup.FILTER, 9_600));
    EndToEndResults r = new EndToEndResults(WrkOptions.quick().with(1, 5, 0, 0, 1, 32, WrkOptions.DEBIAN_WRK,
        WrkOptions.DEFAULT_OUT, List.of(Setup.BARE, Setup.FILTER)), rounds, List.of(), "1 1 1", "1 1 1");

    assertThat(EndToEndReport.markdown(r)).contains("| filter | 9600 | 96.0% |", "| **missed** |");
  }

  private static EndToEndResults results() {
    List<Round> rounds = new ArrayList<>();
    for (int i = 0; i < RATES.length; i++) {
      for (Setup s : Setup.values()) {
        rounds.add(round(i + 1, s, RATES[i][s.ordinal()]));
      }
    }
    return new EndToEndResults(WrkOptions.quick(), rounds, List.of("CPUs: 2"), "0.50 0.40 0.30", "0.60 0.40 0.30");
  }

  private static Round round(int n, Setup s, double rate) {
    WrkOutput w = new WrkOutput((long) (rate * 5), 5, rate, Map.of(50, 1.0, 75, 1.5, 90, 1.8, 99, 2.0), 0,
        WrkOutput.SocketErrors.NONE);
    return new Round(n, s, w, 0.5);
  }

  static int svgElements(String svg, String tag) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))).getElementsByTagName(tag).getLength();
  }
}
