package io.sqlscore.udf;

import java.util.Arrays;
import java.util.Comparator;

/** Area under the ROC curve over a whole set, with tied scores averaged (Mann-Whitney). */
public final class Auc {
  private Auc() {}

  /** The AUC of {@code scores} for binary {@code labels} (0 or 1). */
  public static double of(double[] scores, float[] labels) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] > 0.5f) {
          rankSumPositive += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = scores.length - positives;
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
