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
  /** Field indices sorted by {@code importance} descending, ties by index (insertion sort: F is small). */
  static int[] rank(double[] importance) {
    int[] order = new int[importance.length];
    rank(importance, order);
    return order;
  }

  /** Writes the field indices sorted by {@code importance} descending (ties by index) into {@code order}. */
  static void rank(double[] importance, int[] order) {
    for (int f = 0; f < order.length; f++) {
      int i = f;
      while (i > 0 && importance[order[i - 1]] < importance[f]) {
        order[i] = order[i - 1];
        i--;
      }
      order[i] = f;
    }
  }
}
