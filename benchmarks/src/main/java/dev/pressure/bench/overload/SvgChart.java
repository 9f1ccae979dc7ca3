package dev.pressure.bench.overload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart written as plain SVG, with no plotting dependency: axes with ticks, optional
 * log scales, one polyline per series (NaN points break the line), dashed reference lines, a
 * shaded x range and a legend. Several charts can be stacked in one file with {@link #stack}.
 *
 * <p>Not thread-safe: build, render, discard.
 */
final class SvgChart {

  private static final String FONT = "font-family=\"Helvetica,Arial,sans-serif\"";
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 36;
  private static final int BOTTOM = 46;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logX;
  private final boolean logY;
  private final List<Series> series = new ArrayList<>();
  private final List<double[]> xTicks = new ArrayList<>();
  private final List<String> xTickLabels = new ArrayList<>();
  private double shadeFrom = Double.NaN;
  private double shadeTo = Double.NaN;
  private String shadeLabel = "";
  private Double yMinForced;
  private Double yMaxForced;

  private record Series(String name, String color, double[] xs, double[] ys, boolean dashed, boolean markers) {}

  SvgChart(String title, String xLabel, String yLabel, boolean logX, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logX = logX;
    this.logY = logY;
  }

  /** Adds a line with point markers. */
  SvgChart series(String name, String color, double[] xs, double[] ys) {
    series.add(new Series(name, color, xs, ys, false, xs.length <= 20));
    return this;
  }

  /** Adds a dashed reference line (no markers). */
  SvgChart reference(String name, String color, double[] xs, double[] ys) {
    series.add(new Series(name, color, xs, ys, true, false));
    return this;
  }

  /** Labels x ticks explicitly (otherwise they are computed). */
  SvgChart xTick(double x, String label) {
    xTicks.add(new double[] {x});
    xTickLabels.add(label);
    return this;
  }

  /** Shades an x range, e.g. the overload phase. */
  SvgChart shade(double from, double to, String label) {
    shadeFrom = from;
    shadeTo = to;
    shadeLabel = label;
    return this;
  }

  /** Fixes the y range instead of fitting it to the data. */
  SvgChart yRange(Double min, Double max) {
    yMinForced = min;
    yMaxForced = max;
    return this;
  }

  /**
   * Renders charts one above the other in one SVG document.
   *
   * @param width width of each chart
   * @param height height of each chart
   * @param charts the charts
   * @return the SVG text
   */
  static String stack(int width, int height, SvgChart... charts) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
        width, height * charts.length, width, height * charts.length));
    sb.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width,
        height * charts.length));
    for (int i = 0; i < charts.length; i++) {
      sb.append(String.format(Locale.ROOT, "<g transform=\"translate(0,%d)\">%n", i * height));
      charts[i].body(sb, width, height);
      sb.append("</g>\n");
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  /** @return this chart alone as an SVG document */
  String render(int width, int height) {
    return stack(width, height, this);
  }

  private void body(StringBuilder sb, int width, int height) {
    double[] xr = range(true);
    double[] yr = range(false);
    if (yMinForced != null) {
      yr[0] = yMinForced;
    }
    if (yMaxForced != null) {
      yr[1] = yMaxForced;
    }
    if (!logY && yMinForced == null) {
      yr[0] = Math.min(0, yr[0]);
    }
    int plotW = width - LEFT - RIGHT;
    int plotH = height - TOP - BOTTOM;
    Scale sx = new Scale(xr[0], xr[1], logX, LEFT, LEFT + plotW);
    Scale sy = new Scale(yr[0], yr[1], logY, TOP + plotH, TOP);

    text(sb, width / 2.0 - RIGHT / 2.0, 22, title, 15, "middle", "bold");
    if (!Double.isNaN(shadeFrom)) {
      double a = sx.map(shadeFrom);
      double b = sx.map(shadeTo);
      sb.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#f3e3e3\"/>%n", a, TOP, b - a, plotH));
      text(sb, (a + b) / 2, TOP + plotH - 8, shadeLabel, 11, "middle", "normal");
    }
    // grid and y ticks
    for (double y : ticks(yr[0], yr[1], logY)) {
      double py = sy.map(y);
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n", LEFT, py, LEFT + plotW, py));
      text(sb, LEFT - 6, py + 4, format(y), 11, "end", "normal");
    }
    // x ticks
    List<double[]> xs = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    if (xTicks.isEmpty()) {
      for (double x : ticks(xr[0], xr[1], logX)) {
        xs.add(new double[] {x});
        labels.add(format(x));
      }
    } else {
      xs.addAll(xTicks);
      labels.addAll(xTickLabels);
    }
    for (int i = 0; i < xs.size(); i++) {
      double px = sx.map(xs.get(i)[0]);
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e0e0e0\"/>%n", px, TOP, px, TOP + plotH));
      text(sb, px, TOP + plotH + 16, labels.get(i), 11, "middle", "normal");
    }
    sb.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n", LEFT, TOP, plotW, plotH));
    text(sb, LEFT + plotW / 2.0, height - 8, xLabel, 12, "middle", "normal");
    sb.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"%.1f\" font-size=\"12\" %s text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
        TOP + plotH / 2.0, FONT, TOP + plotH / 2.0, escape(yLabel)));

    int legendY = TOP + 10;
    for (Series s : series) {
      StringBuilder path = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < s.xs.length; i++) {
        double x = s.xs[i];
        double y = s.ys[i];
        if (!finite(x, logX) || !finite(y, logY)) {
          pen = false;
          continue;
        }
        double py = sy.map(clamp(y, yr));
        path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", sx.map(x), py));
        pen = true;
        if (s.markers) {
          sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
              sx.map(x), py, s.color));
        }
      }
      if (path.length() > 0) {
        sb.append(String.format(Locale.ROOT,
            "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s/>%n", path.toString().trim(), s.color,
            s.dashed ? "1.5" : "2", s.dashed ? " stroke-dasharray=\"6 4\"" : ""));
      }
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
          LEFT + plotW + 12, legendY, LEFT + plotW + 32, legendY, s.color,
          s.dashed ? " stroke-dasharray=\"6 4\"" : ""));
      text(sb, LEFT + plotW + 38, legendY + 4, s.name, 11, "start", "normal");
      legendY += 18;
    }
  }

  private double[] range(boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    boolean log = x ? logX : logY;
    for (Series s : series) {
      double[] v = x ? s.xs : s.ys;
      for (double d : v) {
        if (finite(d, log)) {
          lo = Math.min(lo, d);
          hi = Math.max(hi, d);
        }
      }
    }
    if (lo == Double.POSITIVE_INFINITY) {
      lo = log ? 1 : 0;
      hi = log ? 10 : 1;
    }
    if (log && x && !xTicks.isEmpty()) {
      // Categorical-looking log axis (offered load): a little room around the outer ticks.
      lo = Math.min(lo, tickExtreme(false)) / 1.25;
      hi = Math.max(hi, tickExtreme(true)) * 1.25;
    } else if (log) {
      lo = Math.pow(10, Math.floor(Math.log10(lo)));
      hi = Math.pow(10, Math.ceil(Math.log10(hi * 1.0001)));
    } else if (hi == lo) {
      hi = lo + 1;
    } else if (!x) {
      hi = hi + (hi - lo) * 0.05;
    }
    return new double[] {lo, hi};
  }

  private double tickExtreme(boolean max) {
    double e = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (double[] t : xTicks) {
      e = max ? Math.max(e, t[0]) : Math.min(e, t[0]);
    }
    return e;
  }

  private static List<Double> ticks(double lo, double hi, boolean log) {
    List<Double> t = new ArrayList<>();
    if (log) {
      for (double d = lo; d <= hi * 1.0001; d *= 10) {
        t.add(d);
      }
      return t;
    }
    double raw = (hi - lo) / 6;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
    for (double d = Math.ceil(lo / step) * step; d <= hi + step * 1e-9; d += step) {
      t.add(d);
    }
    return t;
  }

  private static boolean finite(double d, boolean log) {
    return Double.isFinite(d) && (!log || d > 0);
  }

  private static double clamp(double y, double[] r) {
    return Math.max(r[0], Math.min(r[1], y));
  }

  private static String format(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e9) {
      return String.valueOf((long) d);
    }
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", d)).stripTrailingZeros().toPlainString();
  }

  private static void text(StringBuilder sb, double x, double y, String s, int size, String anchor, String weight) {
    sb.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" %s text-anchor=\"%s\" font-weight=\"%s\">%s</text>%n",
        x, y, size, FONT, anchor, weight, escape(s)));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Maps data to pixels, linearly or on a log10 scale. */
  private record Scale(double lo, double hi, boolean log, double from, double to) {
    double map(double v) {
      double a = log ? Math.log10(lo) : lo;
      double b = log ? Math.log10(hi) : hi;
      double x = log ? Math.log10(v) : v;
      return from + (x - a) / (b - a) * (to - from);
    }
  }
}
