package io.sqlscore.udf.cpu;

/**
 * BatchNorm in eval mode as a per-channel affine map {@code y = x · scale + shift}, with
 * {@code scale = weight / sqrt(running_var + 1e-5)} and {@code shift = bias − running_mean ·
 * scale}, computed in double (MODELS.md section 0).
 */
final class BatchNormEval {
  private static final double EPS = 1e-5;

  final double[] scale;
  final double[] shift;

  BatchNormEval(float[] weight, float[] bias, float[] runningMean, float[] runningVar) {
    this.scale = new double[weight.length];
    this.shift = new double[weight.length];
    for (int c = 0; c < weight.length; c++) {
      scale[c] = weight[c] / Math.sqrt((double) runningVar[c] + EPS);
      shift[c] = bias[c] - runningMean[c] * scale[c];
    }
  }
}
