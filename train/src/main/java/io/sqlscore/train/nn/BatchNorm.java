package io.sqlscore.train.nn;

import io.sqlscore.train.math.Columns;
import io.sqlscore.train.math.Workers;

/**
 * BatchNorm1d in training mode over the rows of a {@code rows × channels} matrix (for a 3-D
 * input {@code [B, C, L]} the caller passes its B·L positions as rows): normalises with the
 * batch mean and biased variance (eps 1e-5) and moves the running statistics by momentum 0.1,
 * the running variance taking the unbiased batch variance, as PyTorch does. Statistics are
 * accumulated in double.
 */
final class BatchNorm {
  static final double EPS = 1e-5;
  static final double MOMENTUM = 0.1;
  private static final int ROWS_PER_TASK = 64;

  private final Tensor gamma;
  private final Tensor beta;
  private final Tensor runningMean;
  private final Tensor runningVar;
  private final long[] batchesTracked;
  private final int channels;
  private final double[] mean;
  private final double[] var;
  private final float[] invStd;
  private final float[] dGamma;
  private final float[] dBeta;
  private float[] normalized = new float[0];
  private int rows;

  BatchNorm(Parameters p, String prefix) {
    this.gamma = p.get(prefix + ".weight");
    this.beta = p.get(prefix + ".bias");
    this.runningMean = p.get(prefix + ".running_mean");
    this.runningVar = p.get(prefix + ".running_var");
    this.batchesTracked = p.batchesTracked(prefix);
    this.channels = gamma.size();
    this.mean = new double[channels];
    this.var = new double[channels];
    this.invStd = new float[channels];
    this.dGamma = new float[channels];
    this.dBeta = new float[channels];
  }

  /**
   * {@code y[i*ldy + c] = (x[i*ldx + c] − mean_c) / sqrt(var_c + eps) · γ_c + β_c} for every row
   * i and channel c, then the running-statistics update.
   */
  void forward(Workers workers, float[] x, int ldx, int rows, float[] y, int ldy) {
    this.rows = rows;
    if (normalized.length < rows * channels) {
      normalized = new float[rows * channels];
    }
    Columns.meanAndVariance(workers, x, rows, channels, ldx, mean, var);
    for (int c = 0; c < channels; c++) {
      invStd[c] = (float) (1.0 / Math.sqrt(var[c] + EPS));
    }
    float[] g = gamma.data();
    float[] b = beta.data();
    workers.run(
        tasks(rows),
        t -> {
          for (int i = t * ROWS_PER_TASK, end = Math.min(rows, i + ROWS_PER_TASK); i < end; i++) {
            for (int c = 0; c < channels; c++) {
              float h = (float) ((x[i * ldx + c] - mean[c]) * invStd[c]);
              normalized[i * channels + c] = h;
              y[i * ldy + c] = h * g[c] + b[c];
            }
          }
        });
    float[] rm = runningMean.data();
    float[] rv = runningVar.data();
    double unbiased = rows > 1 ? (double) rows / (rows - 1) : 1.0;
    for (int c = 0; c < channels; c++) {
      rm[c] = (float) ((1 - MOMENTUM) * rm[c] + MOMENTUM * mean[c]);
      rv[c] = (float) ((1 - MOMENTUM) * rv[c] + MOMENTUM * var[c] * unbiased);
    }
    batchesTracked[0]++;
  }

  /**
   * Adds γ's and β's gradients for output gradient {@code dy} and writes the input gradient
   * {@code dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂))}, per channel over the rows.
   */
  void backward(Workers workers, float[] dy, int ldy, float[] dx, int lddx) {
    int n = rows;
    Columns.sum(workers, dy, 0, n, channels, ldy, dBeta, false);
    Columns.sumOfProducts(workers, dy, ldy, normalized, channels, n, channels, dGamma, false);
    float[] gg = gamma.grad();
    float[] bg = beta.grad();
    for (int c = 0; c < channels; c++) {
      gg[c] += dGamma[c];
      bg[c] += dBeta[c];
    }
    float[] g = gamma.data();
    workers.run(
        tasks(n),
        t -> {
          for (int i = t * ROWS_PER_TASK, end = Math.min(n, i + ROWS_PER_TASK); i < end; i++) {
            for (int c = 0; c < channels; c++) {
              float scale = g[c] * invStd[c] / n;
              dx[i * lddx + c] = scale * (n * dy[i * ldy + c] - dBeta[c] - normalized[i * channels + c] * dGamma[c]);
            }
          }
        });
  }

  private static int tasks(int rows) {
    return (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
  }
}
