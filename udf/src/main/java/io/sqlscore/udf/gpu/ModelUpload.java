package io.sqlscore.udf.gpu;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.model.Task;
import io.sqlscore.udf.BatchNormEval;

/**
 * Lays a validated package's weights out for the GPU kernels and uploads them (MODELS.md
 * sections 4 to 7): Linear weights transposed to {@code [in, out]}, each hidden BatchNorm folded
 * into the Linear before it, ARM-Net's bilinear and query weights multiplied into one score
 * matrix {@code [E, K·O]} in double, arm_bn as a double affine map and the entmax constants
 * exactly as the CPU backend computes them ({@link ArmParameters}), AutoInt's four projections
 * of a layer side by side.
 */
final class ModelUpload {
  private ModelUpload() {}

  /** A finished native model holding {@code pkg}'s weights; destroyed again if any step fails. */
  static long upload(ModelPackage pkg) {
    ModelConfig config = pkg.config();
    SafeTensors w = pkg.weights();
    long model = NativeGpu.create(
        kindCode(config.kind()), config.nfield(), config.nfeat(), config.nemb(), config.task() == Task.BINARY);
    try {
      NativeGpu.setEmbedding(model, NativeGpu.MAIN, w.floats("embedding.embedding.weight"));
      int fields = config.nfield();
      int emb = config.nemb();
      if (config.kind().isArmNet()) {
        arm(model, config, w);
        mlp(model, NativeGpu.MAIN, w, "mlp", config.nhead() * config.nhid() * emb, config.mlpLayers(),
            config.mlpHidden());
        if (config.kind() == ModelKind.ARMNET_PLUS) {
          NativeGpu.setEmbedding(model, NativeGpu.DEEP, w.floats("deep_embedding.embedding.weight"));
          mlp(model, NativeGpu.DEEP, w, "deep_mlp", fields * emb, config.deepLayers(), config.deepHidden());
          float[] mix = w.floats("ensemble_layer.weight");
          NativeGpu.setMix(model, mix[0], mix[1], w.floats("ensemble_layer.bias")[0]);
        }
      } else {
        int in = emb;
        for (int l = 0; l < config.attnDims().length; l++) {
          interacting(model, w, l, in, config.attnDims()[l], config.nhead());
          in = config.attnDims()[l];
        }
        NativeGpu.setHead(model, NativeGpu.MAIN, w.floats("attn_fc.weight"), w.floats("attn_fc.bias")[0]);
        if (config.kind() == ModelKind.AUTOINT_PLUS) {
          mlp(model, NativeGpu.DEEP, w, "deep_mlp", fields * emb, config.deepLayers(), config.deepHidden());
        }
      }
      NativeGpu.finish(model);
      return model;
    } catch (RuntimeException | Error e) {
      NativeGpu.destroy(model);
      throw e;
    }
  }

  private static int kindCode(ModelKind kind) {
    switch (kind) {
      case ARMNET:
        return 0;
      case ARMNET_PLUS:
        return 1;
      case AUTOINT:
        return 2;
      default:
        return 3;
    }
  }

  /** ARM-Net's attention layer, gates and exponential neurons with arm_bn. */
  private static void arm(long model, ModelConfig config, SafeTensors w) {
    ArmParameters p = ArmParameters.of(config, w);
    NativeGpu.setArm(model, p.neurons(), p.power(), p.am1(), p.exponent(), p.tauHiOffset(), p.scale(),
        p.scoreMatrix(), p.fieldValues(), p.bnScale(), p.bnShift());
  }

  /** The official MLP {@code prefix}: hidden layers with BatchNorm folded in, then its Linear(·, 1). */
  private static void mlp(long model, int branch, SafeTensors w, String prefix, int in, int hiddenLayers,
      int hidden) {
    int width = in;
    for (int i = 0; i <= hiddenLayers; i++) {
      String linear = prefix + ".mlp." + (4 * i);
      float[] weight = w.floats(linear + ".weight");
      float[] bias = w.floats(linear + ".bias");
      if (i == hiddenLayers) {
        NativeGpu.setHead(model, branch, weight, bias[0]);
      } else {
        BatchNormEval.load(w, prefix + ".mlp." + (4 * i + 1)).foldInto(weight, bias, width);
        NativeGpu.addDense(model, branch, width, hidden, transpose(weight, hidden, width), bias);
        width = hidden;
      }
    }
  }

  /** Interacting layer {@code l}: W_q, W_k, W_v and W_res side by side as one [in, 4d] projection. */
  private static void interacting(long model, SafeTensors w, int l, int in, int d, int heads) {
    String prefix = "attn_layers." + l + ".";
    String[] parts = {"W_q", "W_k", "W_v", "W_res"};
    float[] weightT = new float[in * 4 * d];
    float[] bias = new float[4 * d];
    for (int part = 0; part < 4; part++) {
      float[] weight = w.floats(prefix + parts[part] + ".weight");
      float[] b = w.floats(prefix + parts[part] + ".bias");
      for (int c = 0; c < d; c++) {
        for (int p = 0; p < in; p++) {
          weightT[p * 4 * d + part * d + c] = weight[c * in + p];
        }
        bias[part * d + c] = b[c];
      }
    }
    NativeGpu.addInteracting(model, in, d, heads, weightT, bias, w.floats(prefix + "layer_norm.weight"),
        w.floats(prefix + "layer_norm.bias"));
  }

  /** A row-major [rows, cols] matrix as row-major [cols, rows]. */
  private static float[] transpose(float[] matrix, int rows, int cols) {
    float[] out = new float[matrix.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = matrix[r * cols + c];
      }
    }
    return out;
  }
}
