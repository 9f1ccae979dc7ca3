package dev.pressure.bench.overload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart written as plain SVG, the companion of {@link SvgChart} for results
 * that have no x axis to draw a line along (one value per configuration and class): one group
 * per category, one bar per series in each, the value printed above each bar, optional dashed
 * horizontal reference lines (targets) and a legend. NaN values leave a gap labelled "-".
 *
 * <p>Not thread-safe: build, render, discard.
 */
final class SvgBarChart {

  private static final String FONT = "font-family=\"Helvetica,Arial,sans-serif\"";
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 36;
  private static final int BOTTOM = 46;

  private final String title;
  private final String yLabel;
  private final double yMax;
  private final List<String> categories;
  private final List<Bars> series = new ArrayList<>();
  private final List<Bars> references = new ArrayList<>();

  private record Bars(String name, String color, double[] values) {}

  /**
   * @param title the chart's title
   * @param yLabel the value axis
   * @param yMax the top of the value axis (the bottom is 0)
   * @param categories the groups along the x axis, in order
   */
  SvgBarChart(String title, String yLabel, double yMax, List<String> categories) {
    this.title = title;
    this.yLabel = yLabel;
    this.yMax = yMax;
    this.categories = List.copyOf(categories);
  }

  /** Adds one bar per category ({@code values[i]} for category {@code i}). */
  SvgBarChart series(String name, String color, double[] values) {
    if (values.length != categories.size()) {
      throw new IllegalArgumentException("series " + name + ": one value per category. Found: " + values.length);
    }
    series.add(new Bars(name, color, values));
    return this;
  }

  /** Adds a dashed horizontal line across the plot, e.g. a target. */
  SvgBarChart reference(String name, String color, double value) {
    references.add(new Bars(name, color, new double[] {value}));
    return this;
  }

  /** @return the chart as an SVG document */
  String render(int width, int height) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
        width, height, width, height));
    sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    int plotW = width - LEFT - RIGHT;
    int plotH = height - TOP - BOTTOM;
    text(sb, width / 2.0 - RIGHT / 2.0, 22, title, 15, "middle", "bold");
    for (int t = 0; t <= 5; t++) {
      double v = yMax * t / 5;
      double py = y(v, plotH);
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n", LEFT, py, LEFT + plotW, py));
      text(sb, LEFT - 6, py + 4, format(v), 11, "end", "normal");
    }
    double group = (double) plotW / Math.max(1, categories.size());
    double bar = group * 0.8 / Math.max(1, series.size());
    for (int c = 0; c < categories.size(); c++) {
      double x0 = LEFT + c * group + group * 0.1;
      text(sb, LEFT + (c + 0.5) * group, TOP + plotH + 16, categories.get(c), 11, "middle", "normal");
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[c];
        double x = x0 + s * bar;
        if (!Double.isFinite(v)) {
          text(sb, x + bar / 2, TOP + plotH - 4, "-", 10, "middle", "normal");
          continue;
        }
        double top = y(Math.max(0, Math.min(yMax, v)), plotH);
        sb.append(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
            x + 1, top, Math.max(1, bar - 2), TOP + plotH - top, series.get(s).color()));
        text(sb, x + bar / 2, top - 3, format(v), 10, "middle", "normal");
      }
    }
    for (Bars r : references) {
      double py = y(r.values()[0], plotH);
      sb.append(String.format(Locale.ROOT,
          "<path d=\"M%d %.1f L%d %.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>%n",
          LEFT, py, LEFT + plotW, py, r.color()));
    }
    sb.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n", LEFT, TOP, plotW, plotH));
    sb.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"%.1f\" font-size=\"12\" %s text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
        TOP + plotH / 2.0, FONT, TOP + plotH / 2.0, escape(yLabel)));
    int legendY = TOP + 10;
    for (Bars s : series) {
      sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"20\" height=\"10\" fill=\"%s\"/>%n",
          LEFT + plotW + 12, legendY - 5, s.color()));
      text(sb, LEFT + plotW + 38, legendY + 4, s.name(), 11, "start", "normal");
      legendY += 18;
    }
    for (Bars r : references) {
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>%n",
          LEFT + plotW + 12, legendY, LEFT + plotW + 32, legendY, r.color()));
      text(sb, LEFT + plotW + 38, legendY + 4, r.name(), 11, "start", "normal");
      legendY += 18;
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  private double y(double v, int plotH) {
    return TOP + plotH - v / yMax * plotH;
  }

  private static String format(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e9) {
      return String.valueOf((long) d);
    }
    return String.format(Locale.ROOT, Math.abs(d) < 1 ? "%.2f" : "%.1f", d);
  }

  private static void text(StringBuilder sb, double x, double y, String s, int size, String anchor, String weight) {
    sb.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" %s text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n",
        x, y, size, FONT, anchor, weight, escape(s)));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
