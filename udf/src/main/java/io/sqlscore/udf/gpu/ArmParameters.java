package io.sqlscore.udf.gpu;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.ArmNetScoreMatrix;
import io.sqlscore.udf.BatchNormEval;

/**
 * ARM-Net's attention layer, gates and exponential neurons as the kernels take them: the score
 * matrix [E, K·O] (folded in double by {@link ArmNetScoreMatrix}), attn_layer.values [K·O, F],
 * arm_bn as a double affine map per neuron, and the entmax constants computed exactly as the CPU
 * backend's Entmax computes them, so that the kernels' gates are bitwise the CPU's.
 *
 * @param neurons K·O
 * @param power one of {@link NativeGpu}'s POWER_ constants
 * @param am1 α − 1
 * @param exponent 1 / (α − 1)
 * @param tauHiOffset (1/F)^(α−1)
 * @param scale E^-1/2
 * @param scoreMatrix [E, K·O]
 * @param fieldValues [K·O, F]
 * @param bnScale [K·O]
 * @param bnShift [K·O]
 */
record ArmParameters(int neurons, int power, float am1, float exponent, float tauHiOffset, float scale,
    float[] scoreMatrix, float[] fieldValues, double[] bnScale, double[] bnShift) {

  static ArmParameters of(ModelConfig config, SafeTensors w) {
    int neurons = config.nhead() * config.nhid();
    BatchNormEval bn = BatchNormEval.load(w, "arm_bn");
    double[] bnScale = new double[neurons];
    double[] bnShift = new double[neurons];
    for (int n = 0; n < neurons; n++) {
      bnScale[n] = bn.scale(n);
      bnShift[n] = bn.shift(n);
    }
    double alpha = config.alpha();
    float am1 = (float) alpha - 1f;
    float exponent = 1f / am1;
    float tauHiOffset = (float) Math.pow((float) (1.0 / config.nfield()), am1);
    int power = alpha == 1.0 ? NativeGpu.POWER_SOFTMAX
        : exponent == 1f ? NativeGpu.POWER_IDENTITY
        : exponent == 2f ? NativeGpu.POWER_SQUARE
        : NativeGpu.POWER_POW;
    return new ArmParameters(neurons, power, am1, exponent, tauHiOffset, (float) Math.pow(config.nemb(), -0.5),
        ArmNetScoreMatrix.of(w, config, neurons), w.floats("attn_layer.values"), bnScale, bnShift);
  }
}
