package io.sqlscore.bench;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;

/**
 * The floating-point work of one row's forward pass (MODELS.md), for the kernels' roofline:
 * multiply-adds of the matrix products (GEMMs, AutoInt's attention, ARM-Net's exponential
 * neurons), exponentials, and ARM-Net's entmax evaluations of a power per neuron and field.
 * Element-wise steps (biases, ReLU, BatchNorm, LayerNorm, the interaction weights) are a few
 * percent of the multiply-adds and are not counted.
 *
 * @param multiplyAdds multiply-adds per row (2 flops each)
 * @param exponentials exp evaluations per row (softmax, exponential neurons)
 * @param powers entmax pow evaluations per row (0 for alpha 1.5 and 2, where the power is a
 *     square or the identity): the CPU backend's Newton threshold evaluates each neuron's F
 *     powers 4 times at alpha 1.7 (3 steps and the gates)
 */
record ModelWork(long multiplyAdds, long exponentials, long powers) {
  /** Entmax evaluations per neuron of the CPU backend at alpha other than 1, 1.5 and 2. */
  static final int ENTMAX_EVALUATIONS = 4;

  /** The work of one row of {@code config}'s model. */
  static ModelWork of(ModelConfig config) {
    return config.kind().isArmNet() ? armNet(config) : autoInt(config);
  }

  /** Floating-point operations per row counted as such: two per multiply-add. */
  long flops() {
    return 2 * multiplyAdds;
  }

  private static ModelWork armNet(ModelConfig c) {
    long f = c.nfield();
    long e = c.nemb();
    long neurons = (long) c.nhead() * c.nhid();
    long macs = f * e * neurons + neurons * f * e + mlp(neurons * e, c.mlpLayers(), c.mlpHidden());
    long exps = neurons * e;
    long pows = 0;
    if (c.alpha() == 1.0) {
      exps += neurons * f;
    } else if (c.alpha() != 1.5 && c.alpha() != 2.0) {
      pows = neurons * f * ENTMAX_EVALUATIONS;
    }
    if (c.kind() == ModelKind.ARMNET_PLUS) {
      macs += mlp(f * e, c.deepLayers(), c.deepHidden());
    }
    return new ModelWork(macs, exps, pows);
  }

  private static ModelWork autoInt(ModelConfig c) {
    long f = c.nfield();
    long in = c.nemb();
    long macs = 0;
    long exps = 0;
    for (int d : c.attnDims()) {
      macs += f * in * 4 * d + 2 * f * f * d;
      exps += (long) c.nhead() * f * f;
      in = d;
    }
    macs += f * in;
    if (c.kind() == ModelKind.AUTOINT_PLUS) {
      macs += mlp(f * c.nemb(), c.deepLayers(), c.deepHidden());
    }
    return new ModelWork(macs, exps, 0);
  }

  /** Multiply-adds of the official MLP: hidden layers of {@code hidden} units, then one output. */
  private static long mlp(long in, int hiddenLayers, int hidden) {
    if (hiddenLayers == 0) {
      return in;
    }
    return in * hidden + (long) (hiddenLayers - 1) * hidden * hidden + hidden;
  }
}
