package io.stratus.bench.report;

import java.util.List;
import java.util.Locale;

/** Inline SVG charts for the HTML report: line charts over time and grouped bar charts. */
final class SvgChart {

  /** A named series of (x, y) points. */
  record Series(String name, double[] xs, double[] ys) {}

  /** A group of bars: one value per series. */
  record BarGroup(String label, double[] values) {}

  static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
      "#e377c2", "#17becf"};
  private static final int W = 900;
  private static final int H = 280;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 20;
  private static final int BOTTOM = 40;

  private SvgChart() {
  }

  /** A line chart of several series sharing axes. */
  static String lines(String title, String xLabel, String yLabel, List<Series> series) {
    double xMax = 1;
    double yMax = 0;
    for (Series s : series) {
      for (double x : s.xs()) {
        xMax = Math.max(xMax, x);
      }
      for (double y : s.ys()) {
        yMax = Math.max(yMax, y);
      }
    }
    yMax = niceCeiling(yMax);
    StringBuilder sb = frame(title, xLabel, yLabel, xMax, yMax, true);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      sb.append("<polyline fill=\"none\" stroke-width=\"1.8\" stroke=\"").append(color(i)).append("\" points=\"");
      for (int j = 0; j < s.xs().length; j++) {
        sb.append(fmt(px(s.xs()[j], xMax))).append(',').append(fmt(py(s.ys()[j], yMax))).append(' ');
      }
      sb.append("\"><title>").append(Html.escape(s.name())).append("</title></polyline>\n");
    }
    legend(sb, series.stream().map(Series::name).toList());
    return sb.append("</svg>\n").toString();
  }

  /** A grouped bar chart: for every group, one bar per series name. */
  static String bars(String title, String yLabel, List<String> seriesNames, List<BarGroup> groups) {
    double yMax = 0;
    for (BarGroup g : groups) {
      for (double v : g.values()) {
        yMax = Math.max(yMax, v);
      }
    }
    yMax = niceCeiling(yMax);
    StringBuilder sb = frame(title, "", yLabel, 1, yMax, false);
    double groupWidth = (W - LEFT - RIGHT) / (double) Math.max(1, groups.size());
    double barWidth = groupWidth * 0.8 / Math.max(1, seriesNames.size());
    for (int g = 0; g < groups.size(); g++) {
      BarGroup group = groups.get(g);
      double x0 = LEFT + g * groupWidth + groupWidth * 0.1;
      for (int s = 0; s < group.values().length; s++) {
        double v = group.values()[s];
        double y = py(v, yMax);
        sb.append(String.format(Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s</title></rect>%n",
            x0 + s * barWidth, y, barWidth * 0.95, H - BOTTOM - y, color(s),
            Html.escape(seriesNames.get(s)), Html.escape(group.label()), fmt(v)));
      }
      sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
          x0 + groupWidth * 0.4, H - BOTTOM + 16, Html.escape(group.label())));
    }
    legend(sb, seriesNames);
    return sb.append("</svg>\n").toString();
  }

  private static StringBuilder frame(String title, String xLabel, String yLabel, double xMax,
      double yMax, boolean xTicks) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"sans-serif\" font-size=\"11\">%n", W, H + 20, W, H + 20));
    sb.append("<text x=\"").append(LEFT).append("\" y=\"13\" font-weight=\"bold\">").append(Html.escape(title))
        .append("</text>\n");
    for (int i = 0; i <= 4; i++) {
      double v = yMax * i / 4;
      double y = py(v, yMax);
      sb.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
              + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
          LEFT, W - RIGHT, y, y, LEFT - 5, y + 4, fmt(v)));
    }
    if (xTicks) {
      for (int i = 0; i <= 10; i++) {
        double v = xMax * i / 10;
        sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
            px(v, xMax), H - BOTTOM + 16, fmt(v)));
      }
    }
    sb.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n"
            + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n"
            + "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>%n",
        LEFT, W - RIGHT, H - BOTTOM, H - BOTTOM, (LEFT + W - RIGHT) / 2, H - 6, Html.escape(xLabel),
        (TOP + H - BOTTOM) / 2, (TOP + H - BOTTOM) / 2, Html.escape(yLabel)));
    return sb;
  }

  private static void legend(StringBuilder sb, List<String> names) {
    int x = LEFT;
    for (int i = 0; i < names.size(); i++) {
      sb.append(String.format(Locale.ROOT,
          "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
          x, H + 4, color(i), x + 16, H + 14, Html.escape(names.get(i))));
      x += 30 + 7 * Math.min(60, names.get(i).length());
    }
  }

  static String color(int i) {
    return COLORS[i % COLORS.length];
  }

  private static double px(double x, double xMax) {
    return LEFT + (W - LEFT - RIGHT) * x / xMax;
  }

  private static double py(double y, double yMax) {
    return H - BOTTOM - (H - BOTTOM - TOP) * (yMax <= 0 ? 0 : y / yMax);
  }

  /** The smallest of 1, 2, 2.5, 5 times a power of ten that is >= v (1 for v <= 0). */
  static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 1 ? "%.2f" : "%.3f", v);
  }
}
