package io.sqlscore.udf;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.SafeTensors;

/**
 * ARM-Net's bilinear attention scores folded into one matrix (MODELS.md): with
 * {@code M[x, k·O + o] = Σ_y bilinear_w[k, x, y] · query[k, o, y]} (summed in double), the
 * score of field f for neuron (k, o) is {@code Σ_x e[f, x] · M[x, k·O + o]}. Every backend folds
 * the attention through this class, so that all of them fold it alike.
 */
public final class ArmNetScoreMatrix {
  private ArmNetScoreMatrix() {}

  /**
   * The matrix as {@code [nemb, stride]} floats, row-major; columns from K·O up to
   * {@code stride} (padding some backends want) are zero.
   */
  public static float[] of(SafeTensors weights, ModelConfig config, int stride) {
    int emb = config.nemb();
    int heads = config.nhead();
    int perHead = config.nhid();
    float[] bilinear = weights.floats("attn_layer.bilinear_w");
    float[] query = weights.floats("attn_layer.query");
    float[] m = new float[emb * stride];
    for (int k = 0; k < heads; k++) {
      for (int o = 0; o < perHead; o++) {
        for (int x = 0; x < emb; x++) {
          double sum = 0;
          for (int y = 0; y < emb; y++) {
            sum += (double) bilinear[(k * emb + x) * emb + y] * query[(k * perHead + o) * emb + y];
          }
          m[x * stride + k * perHead + o] = (float) sum;
        }
      }
    }
    return m;
  }
}
