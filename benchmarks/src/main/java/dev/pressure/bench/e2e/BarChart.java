package dev.pressure.bench.e2e;

import java.util.List;
import java.util.Locale;

/**
 * A small SVG bar chart: one bar per setup (its median req/s, with its value and ratio written on
 * it), each round's value as a dot over its bar, and a dashed line at the target's share of the
 * first bar. Written here rather than with the overload harness's {@code SvgChart}, which draws
 * lines over numeric axes and is package-private to that harness.
 *
 * <p>Stateless; {@link #render} allocates only its result.
 */
final class BarChart {

  private static final String FONT = "font-family=\"Helvetica,Arial,sans-serif\"";
  private static final String[] COLORS = {"#777777", "#1f77b4", "#ff7f0e", "#2ca02c"};
  private static final int WIDTH = 560;
  private static final int HEIGHT = 340;
  private static final int LEFT = 80;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;

  private BarChart() {
  }

  /**
   * One bar.
   *
   * @param label under the bar
   * @param value the bar's height
   * @param points each round's value (dots)
   * @param note written above the bar
   */
  record Bar(String label, double value, double[] points, String note) {}

  /**
   * Renders the chart.
   *
   * @param title the title
   * @param yLabel the y axis label
   * @param bars the bars, the first one the baseline
   * @param target the reference line's share of the first bar (e.g. 0.97)
   * @return the SVG document
   */
  static String render(String title, String yLabel, List<Bar> bars, double target) {
    double max = 0;
    for (Bar b : bars) {
      max = Math.max(max, b.value);
      for (double p : b.points) {
        max = Math.max(max, p);
      }
    }
    max = max <= 0 ? 1 : niceCeiling(max * 1.1);
    double plotH = HEIGHT - TOP - BOTTOM;
    double plotW = WIDTH - LEFT - 20;
    double slot = plotW / bars.size();
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">\n");
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(sb, WIDTH / 2.0, 22, title, 14, "middle");
    for (int i = 0; i <= 4; i++) {
      double v = max * i / 4;
      double y = TOP + plotH - plotH * i / 4;
      sb.append(String.format(Locale.ROOT, "<path d=\"M%d %.1f H%d\" stroke=\"#dddddd\"/>\n", LEFT, y, WIDTH - 20));
      text(sb, LEFT - 6, y + 4, String.format(Locale.ROOT, "%,.0f", v), 11, "end");
    }
    sb.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"%.1f\" font-size=\"12\" %s transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\">%s</text>\n",
        TOP + plotH / 2, FONT, TOP + plotH / 2, escape(yLabel)));
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double x = LEFT + slot * i + slot * 0.2;
      double w = slot * 0.6;
      double h = plotH * b.value / max;
      sb.append(String.format(Locale.ROOT, "<path d=\"M%.1f %.1f h%.1f v%.1f h%.1f Z\" fill=\"%s\"/>\n", x,
          TOP + plotH - h, w, h, -w, COLORS[i % COLORS.length]));
      for (double p : b.points) {
        sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"black\"/>\n", x + w / 2,
            TOP + plotH - plotH * p / max));
      }
      text(sb, x + w / 2, TOP + plotH - h - 6, b.note, 11, "middle");
      text(sb, x + w / 2, HEIGHT - BOTTOM + 18, b.label, 12, "middle");
    }
    if (!bars.isEmpty()) {
      double y = TOP + plotH - plotH * bars.get(0).value * target / max;
      sb.append(String.format(Locale.ROOT,
          "<path d=\"M%d %.1f H%d\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>\n", LEFT, y, WIDTH - 20));
      text(sb, WIDTH - 22, y - 4, String.format(Locale.ROOT, "target %.0f%% of %s", 100 * target,
          bars.get(0).label), 10, "end");
    }
    text(sb, WIDTH / 2.0, HEIGHT - 10, "bars: median of rounds; dots: each round", 10, "middle");
    return sb.append("</svg>\n").toString();
  }

  private static double niceCeiling(double v) {
    double step = Math.pow(10, Math.floor(Math.log10(v)));
    return Math.ceil(v / step * 2) / 2 * step;
  }

  private static void text(StringBuilder sb, double x, double y, String s, int size, String anchor) {
    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" %s text-anchor=\"%s\">%s</text>%n",
        x, y, size, FONT, anchor, escape(s)));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
