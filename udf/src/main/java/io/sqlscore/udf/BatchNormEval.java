package io.sqlscore.udf;

import io.sqlscore.model.SafeTensors;

/**
 * BatchNorm in eval mode as a per-channel affine map {@code y = x · scale + shift}, with
 * {@code scale = weight / sqrt(running_var + 1e-5)} and {@code shift = bias − running_mean ·
 * scale}, computed in double (MODELS.md section 0). Every backend folds BatchNorm through this
 * class, so that all of them fold it alike.
 */
public final class BatchNormEval {
  private static final double EPS = 1e-5;

  private final double[] scale;
  private final double[] shift;

  /** The map of a BatchNorm1d from its parameters, all {@code [C]}. */
  public BatchNormEval(float[] weight, float[] bias, float[] runningMean, float[] runningVar) {
    this.scale = new double[weight.length];
    this.shift = new double[weight.length];
    for (int c = 0; c < weight.length; c++) {
      scale[c] = weight[c] / Math.sqrt((double) runningVar[c] + EPS);
      shift[c] = bias[c] - runningMean[c] * scale[c];
    }
  }

  /** The BatchNorm1d named {@code name} ({@code name.weight}, {@code .bias}, {@code .running_mean}, {@code .running_var}). */
  public static BatchNormEval load(SafeTensors weights, String name) {
    return new BatchNormEval(
        weights.floats(name + ".weight"),
        weights.floats(name + ".bias"),
        weights.floats(name + ".running_mean"),
        weights.floats(name + ".running_var"));
  }

  /** The multiplier of channel {@code c}. */
  public double scale(int c) {
    return scale[c];
  }

  /** The offset of channel {@code c}. */
  public double shift(int c) {
    return shift[c];
  }

  /**
   * Folds this BatchNorm into the Linear before it, in place: {@code W' = W · scale} row by row
   * and {@code b' = b · scale + shift}, each rounded once to float. {@code weight} is the
   * Linear's {@code [C, in]} (row-major), {@code bias} its {@code [C]}.
   */
  public void foldInto(float[] weight, float[] bias, int in) {
    for (int c = 0; c < bias.length; c++) {
      for (int p = 0; p < in; p++) {
        weight[c * in + p] = (float) (weight[c * in + p] * scale[c]);
      }
      bias[c] = (float) (bias[c] * scale[c] + shift[c]);
    }
  }
}
