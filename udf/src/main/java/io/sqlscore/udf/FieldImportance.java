package io.sqlscore.udf;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import java.nio.FloatBuffer;

/**
 * ARM-Net field importance (MODELS.md section 8): local, per row, from the interaction weights
 * of a forward pass, and global, from the {@code attn_layer.values} parameter.
 */
public final class FieldImportance {
  private FieldImportance() {}

  /** {@code local[b, f] = mean over (k, o) of |interaction_weights[b, k, o, f]|}, [B, F]. */
  public static float[] local(ForwardResult result) {
    float[] weights = result.interactionWeights();
    if (weights == null) {
      throw SqlscoreException.of(
          ErrorCode.INVALID_ARGUMENT, "local importance needs the interaction weights of an ARM-Net forward pass");
    }
    int f = result.fields();
    int neurons = result.armHeads() * result.armNeurons();
    float[] out = new float[result.rows() * f];
    for (int b = 0; b < result.rows(); b++) {
      for (int field = 0; field < f; field++) {
        double sum = 0;
        for (int n = 0; n < neurons; n++) {
          sum += Math.abs(weights[(b * neurons + n) * f + field]);
        }
        out[b * f + field] = (float) (sum / neurons);
      }
    }
    return out;
  }

  /** {@code global[f] = mean over (k, o) of |attn_layer.values[k, o, f]|}, [F]. */
  public static float[] global(ModelPackage pkg) {
    if (!pkg.config().kind().isArmNet()) {
      throw SqlscoreException.of(
          ErrorCode.INVALID_ARGUMENT, "global field importance is defined for ARM-Net models, not %s", pkg.config().kind());
    }
    int f = pkg.config().nfield();
    FloatBuffer values = pkg.weights().floatView("attn_layer.values");
    int neurons = values.remaining() / f;
    float[] out = new float[f];
    for (int field = 0; field < f; field++) {
      double sum = 0;
      for (int n = 0; n < neurons; n++) {
        sum += Math.abs(values.get(n * f + field));
      }
      out[field] = (float) (sum / neurons);
    }
    return out;
  }
}
