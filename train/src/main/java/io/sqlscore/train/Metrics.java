package io.sqlscore.train;

import java.util.Arrays;

/** Evaluation metrics of scores against labels. */
public final class Metrics {
  private Metrics() {}

  /**
   * Area under the ROC curve of {@code scores} for 0/1 {@code labels} (ties count half), or
   * NaN when only one class is present.
   */
  public static double auc(double[] scores, float[] labels) {
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double positives = 0;
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] > 0.5f) {
          positives++;
          rankSum += rank;
        }
      }
      i = j + 1;
    }
    double negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
  }

  /** Mean binary cross-entropy of probabilities {@code scores} (clipped to [1e-15, 1 − 1e-15]). */
  public static double logloss(double[] scores, float[] labels) {
    double total = 0;
    for (int i = 0; i < scores.length; i++) {
      double p = Math.min(Math.max(scores[i], 1e-15), 1 - 1e-15);
      total -= labels[i] > 0.5f ? Math.log(p) : Math.log(1 - p);
    }
    return total / scores.length;
  }

  /** Root mean squared error. */
  public static double rmse(double[] scores, float[] labels) {
    double total = 0;
    for (int i = 0; i < scores.length; i++) {
      double d = scores[i] - labels[i];
      total += d * d;
    }
    return Math.sqrt(total / scores.length);
  }
}
