package io.sqlscore.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The sparsity frontier as a small standalone SVG (no plotting library here): test AUC against
 * cross-feature order, one marker per gate temperature for the median (filled) and the 90th
 * percentile (hollow), the goal region marked (median order at most 4, AUC within 0.002 of the
 * first, dense point).
 */
final class Svg {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 30;
  private static final int TOP = 40;
  private static final int BOTTOM = 60;

  /** One setting: its temperature, median and 90th-percentile order, and test AUC. */
  record Point(double temperature, double median, double p90, double auc) {}

  private Svg() {}

  static String frontier(List<Point> points, int fields) {
    double dense = points.get(0).auc();
    double lo = Math.min(dense - 0.004, points.stream().mapToDouble(Point::auc).min().orElse(dense) - 0.001);
    double hi = Math.max(dense + 0.002, points.stream().mapToDouble(Point::auc).max().orElse(dense) + 0.001);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        WIDTH, HEIGHT));
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(text(WIDTH / 2.0, 20, "middle", "Adult ARM-Net+: cross-feature order against test AUC (bench-sparsity)"));
    double goalX0 = x(0, fields);
    double goalX1 = x(4, fields);
    s.append(String.format(Locale.ROOT,
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#e6f4e6\"/>%n",
        goalX0, y(hi, lo, hi), goalX1 - goalX0, y(dense - 0.002, lo, hi) - y(hi, lo, hi)));
    s.append(text(goalX0 + 4, y(hi, lo, hi) + 14, "start", "goal: median ≤ 4, AUC ≥ dense − 0.002"));
    for (int o = 0; o <= fields; o += 2) {
      s.append(line(x(o, fields), TOP, x(o, fields), HEIGHT - BOTTOM, "#eeeeee"));
      s.append(text(x(o, fields), HEIGHT - BOTTOM + 16, "middle", Integer.toString(o)));
    }
    for (int i = 0; i <= 4; i++) {
      double v = lo + (hi - lo) * i / 4;
      s.append(line(LEFT, y(v, lo, hi), WIDTH - RIGHT, y(v, lo, hi), "#eeeeee"));
      s.append(text(LEFT - 6, y(v, lo, hi) + 4, "end", String.format(Locale.ROOT, "%.4f", v)));
    }
    s.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888888\" stroke-dasharray=\"4 3\"/>%n",
        LEFT, y(dense - 0.002, lo, hi), WIDTH - RIGHT, y(dense - 0.002, lo, hi)));
    s.append(text(WIDTH / 2.0, HEIGHT - 20, "middle", "cross-feature order (fields with a non-zero gate, of " + fields + ")"));
    s.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">test AUC</text>%n",
        HEIGHT / 2.0, HEIGHT / 2.0));
    for (Point p : points) {
      double ym = y(p.auc(), lo, hi);
      s.append(line(x(p.median(), fields), ym, x(p.p90(), fields), ym, "#9999cc"));
      s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#3344aa\"/>%n", x(p.median(), fields), ym));
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" fill=\"white\" stroke=\"#3344aa\"/>%n",
          x(p.p90(), fields) - 4.5, ym - 4.5));
    }
    // One label per median order, above its highest point (settings with the same median share
    // it); at the right edge it ends at the marker instead of being centred on it.
    Map<Double, List<Point>> byMedian =
        points.stream().collect(Collectors.groupingBy(Point::median, TreeMap::new, Collectors.toList()));
    for (Map.Entry<Double, List<Point>> same : byMedian.entrySet()) {
      double top = same.getValue().stream().mapToDouble(Point::auc).max().orElseThrow();
      String label = same.getValue().stream().map(p -> Double.toString(p.temperature()))
          .collect(Collectors.joining(", ", "T=", ""));
      boolean edge = same.getKey() >= fields;
      s.append(text(x(same.getKey(), fields) + (edge ? 8 : 0), y(top, lo, hi) - 9, edge ? "end" : "middle", label));
    }
    s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"#3344aa\"/>%n", WIDTH - 190, HEIGHT - BOTTOM - 30));
    s.append(text(WIDTH - 180, HEIGHT - BOTTOM - 26, "start", "median order"));
    s.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"9\" height=\"9\" fill=\"white\" stroke=\"#3344aa\"/>%n", WIDTH - 195, HEIGHT - BOTTOM - 19));
    s.append(text(WIDTH - 180, HEIGHT - BOTTOM - 11, "start", "90th percentile"));
    s.append("</svg>\n");
    return s.toString();
  }

  private static double x(double order, int fields) {
    return LEFT + (WIDTH - LEFT - RIGHT) * order / fields;
  }

  private static double y(double auc, double lo, double hi) {
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (auc - lo) / (hi - lo);
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n", x1, y1, x2, y2, color);
  }

  private static String text(double x, double y, String anchor, String content) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor,
        content.replace("&", "&amp;").replace("<", "&lt;"));
  }
}
