package dev.pressure.bench.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SvgChartTest {

  @Test
  void writesWellFormedSvgWithOneLinePerSeriesAndALegend() throws Exception {
    double[] xs = {0.5, 1, 2, 4, 10};
    String svg = new SvgChart("goodput", "load", "% <capacity>", true, false)
        .xTick(0.5, "0.5x").xTick(10, "10x")
        .series("none", "#d62728", xs, new double[] {50, 100, 30, 10, 5})
        .series("pressure", "#1f77b4", xs, new double[] {50, 100, 99, 98, 97})
        .reference("ideal", "#888888", xs, new double[] {50, 100, 100, 100, 100})
        .render(800, 300);

    Document doc = parse(svg);

    assertThat(doc.getElementsByTagName("path").getLength()).isEqualTo(3);
    assertThat(svg).contains(">none<", ">pressure<", ">ideal<", "&lt;capacity&gt;", "stroke-dasharray");
  }

  @Test
  void missingValuesBreakTheLineInsteadOfDrawingThroughThem() throws Exception {
    double[] xs = {1, 2, 3, 4};
    String svg = new SvgChart("p99", "t", "ms", false, true)
        .series("a", "#000000", xs, new double[] {10, Double.NaN, 30, 40})
        .render(600, 300);

    String d = parse(svg).getElementsByTagName("path").item(0).getAttributes().getNamedItem("d").getNodeValue();

    assertThat(d.split("M")).hasSize(3); // "", first segment, second segment
  }

  @Test
  void stackedChartsShareOneDocument() throws Exception {
    SvgChart a = new SvgChart("a", "x", "y", false, false).series("s", "#000000", new double[] {1, 2}, new double[] {1, 2});
    SvgChart b = new SvgChart("b", "x", "y", false, false).series("s", "#000000", new double[] {1, 2}, new double[] {2, 1});

    Document doc = parse(SvgChart.stack(600, 300, a, b));

    assertThat(doc.getDocumentElement().getAttribute("height")).isEqualTo("600");
    assertThat(doc.getElementsByTagName("g").getLength()).isEqualTo(2);
  }

  static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }
}
