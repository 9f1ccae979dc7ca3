package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgBarChartTest {

  @Test
  void drawsOneBarPerValueWithItsLabelAGapForNaNAndADashedTarget() throws Exception {
    String svg = new SvgBarChart("goodput per class", "% <offered>", 100, List.of("none", "pressure-gate"))
        .series("CRITICAL", "#1f77b4", new double[] {40, 99.5})
        .series("SHEDDABLE", "#aec7e8", new double[] {40, Double.NaN})
        .reference("target 99%", "#888888", 99)
        .render(800, 360);

    Document doc = SvgChartTest.parse(svg);

    // background + 3 bars + plot frame + 2 legend swatches
    assertThat(doc.getElementsByTagName("rect").getLength()).isEqualTo(7);
    assertThat(svg).contains(">99.5<", ">40<", ">-<", ">pressure-gate<", "&lt;offered&gt;", "stroke-dasharray");
  }

  @Test
  void aSeriesNeedsOneValuePerCategory() {
    SvgBarChart chart = new SvgBarChart("t", "y", 1, List.of("a", "b"));

    assertThatIllegalArgumentException().isThrownBy(() -> chart.series("s", "#000000", new double[] {1}))
        .withMessage("series s: one value per category. Found: 1");
  }
}
