package io.sqlscore.train.nn;

import io.sqlscore.model.Task;

/**
 * The training losses, averaged over a batch's rows: binary cross-entropy on logits
 * (PyTorch's {@code BCEWithLogitsLoss}) for binary tasks, mean squared error for regression.
 * Evaluated in double with {@link StrictMath}, so the same logits give the same bits everywhere.
 */
public enum Loss {
  /** {@code max(z, 0) − z·y + log(1 + e^{−|z|})}; gradient {@code (σ(z) − y) / B}. */
  BINARY_CROSS_ENTROPY,
  /** {@code (z − y)²}; gradient {@code 2(z − y) / B}. */
  MEAN_SQUARED_ERROR;

  /** The loss a task trains with. */
  public static Loss of(Task task) {
    return task == Task.BINARY ? BINARY_CROSS_ENTROPY : MEAN_SQUARED_ERROR;
  }

  /**
   * Returns the mean loss of {@code rows} logits against their labels and writes each row's
   * dLoss/dLogit into {@code gradient}.
   */
  public double evaluate(float[] logits, float[] labels, int rows, float[] gradient) {
    double total = 0;
    for (int b = 0; b < rows; b++) {
      double z = logits[b];
      double y = labels[b];
      if (this == BINARY_CROSS_ENTROPY) {
        total += Math.max(z, 0) - z * y + StrictMath.log1p(StrictMath.exp(-Math.abs(z)));
        double sigmoid = z >= 0 ? 1 / (1 + StrictMath.exp(-z)) : StrictMath.exp(z) / (1 + StrictMath.exp(z));
        gradient[b] = (float) ((sigmoid - y) / rows);
      } else {
        total += (z - y) * (z - y);
        gradient[b] = (float) (2 * (z - y) / rows);
      }
    }
    return total / rows;
  }
}
