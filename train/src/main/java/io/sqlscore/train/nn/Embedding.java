package io.sqlscore.train.nn;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;

/**
 * An embedding table {@code [N, E]} scaled by each cell's value (MODELS.md section 2): lookup
 * into {@code [cells, E]} rows, and the sparse gradient added back row by row in cell order.
 */
final class Embedding {
  private final Tensor table;
  private final int dim;
  private final int features;

  Embedding(Tensor table) {
    this.table = table;
    this.features = table.shape()[0];
    this.dim = table.shape()[1];
  }

  /**
   * {@code out[c*E + j] = table[ids[c]][j] · values[c]} for cells {@code [0, cells)}.
   *
   * @throws SqlscoreException BAD_FEATURE_VALUE for an id outside {@code [0, N)}
   */
  void gather(int[] ids, float[] values, int cells, float[] out) {
    float[] t = table.data();
    for (int c = 0; c < cells; c++) {
      int id = ids[c];
      if (id < 0 || id >= features) {
        throw SqlscoreException.of(
            ErrorCode.BAD_FEATURE_VALUE, "feature id %d is outside [0, %d) of the model's feature space", id, features);
      }
      float v = values[c];
      int from = id * dim;
      for (int j = 0; j < dim; j++) {
        out[c * dim + j] = t[from + j] * v;
      }
    }
  }

  /** {@code grad[ids[c]][j] += dOut[c*E + j] · values[c]}, cells in order. */
  void scatter(int[] ids, float[] values, int cells, float[] dOut) {
    float[] g = table.grad();
    for (int c = 0; c < cells; c++) {
      float v = values[c];
      int to = ids[c] * dim;
      for (int j = 0; j < dim; j++) {
        g[to + j] += dOut[c * dim + j] * v;
      }
    }
  }
}
