package io.sqlscore.udf.explain;

import java.util.List;

/**
 * The explanation of one row.
 *
 * @param crosses the top cross features, best first
 * @param importance the local importance of each field, by field index
 * @param byImportance field indices sorted by importance descending (ties: lower index first)
 */
public record RowExplanation(List<CrossFeature> crosses, double[] importance, int[] byImportance) {
  /** Field indices sorted by {@code importance} descending, ties by index. */
  static int[] rank(double[] importance) {
    Integer[] order = new Integer[importance.length];
    for (int f = 0; f < order.length; f++) {
      order[f] = f;
    }
    java.util.Arrays.sort(order, (a, b) -> {
      int c = Double.compare(importance[b], importance[a]);
      return c != 0 ? c : Integer.compare(a, b);
    });
    int[] result = new int[order.length];
    for (int f = 0; f < order.length; f++) {
      result[f] = order[f];
    }
    return result;
  }
}
