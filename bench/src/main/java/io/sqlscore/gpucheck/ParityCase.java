package io.sqlscore.gpucheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.Backend;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Output;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.PendingForward;
import io.sqlscore.udf.cpu.CpuBackend;

/**
 * One parity case: a model package, its inputs and its expected outputs (a test vector's
 * expected.safetensors, or a Frappe model's expected_test_head.safetensors, whose explanation
 * tensors hold only the first 16 rows), through one of the two {@link Path}s. Reports the worst
 * scaled error per output, {@code |got − expected| / max(1, |expected|)}, the cross-feature
 * orders that differ and, for ARM-Net, the gates and interaction weights whose bits differ from
 * the CPU backend's (there must be none).
 */
final class ParityCase {
  /** The bar on logits against the float64 reference. */
  static final double LOGIT_BAR = 1e-4;
  /** The bar on gates, weights and attention maps. */
  static final double MAP_BAR = 1e-5;

  /** How the batch reaches the GPU: one synchronous call, or submitted and collected. */
  enum Path {
    FORWARD,
    PIPELINED
  }

  private ParityCase() {}

  static ObjectNode run(Backend backend, Path path, String name, ModelPackage pkg, SafeTensors inputs,
      SafeTensors expected) {
    long[] shape = inputs.info("ids").shape();
    FeatureBatch batch = new FeatureBatch((int) shape[0], (int) shape[1], inputs.ints("ids"), inputs.floats("values"));
    ObjectNode line = Json.line("parity");
    line.put("name", name);
    line.put("backend", backend.name());
    line.put("path", path.name().toLowerCase(java.util.Locale.ROOT));
    line.put("kind", pkg.config().kind().configName());
    line.put("rows", batch.rows());
    try (CompiledModel model = backend.compile(pkg)) {
      ForwardResult result;
      if (path == Path.FORWARD) {
        result = model.forward(batch, Outputs.ALL);
      } else {
        try (PendingForward pending = model.submit(batch, Outputs.ALL)) {
          result = pending.await();
        }
      }
      double f64 = worst(expected.floats("logits_f64ref"), result.logits());
      double f32 = worst(expected.floats("logits"), result.logits());
      line.put("logit_err_vs_f64ref", f64);
      line.put("logit_err_vs_f32", f32);
      line.put("max_abs_logit_diff_vs_f64ref", worstAbs(expected.floats("logits_f64ref"), result.logits()));
      boolean pass = f64 <= LOGIT_BAR;
      if (pkg.config().kind().isArmNet()) {
        double gates = worst(tensor(expected, "gates"), result.gates());
        double weights = worst(tensor(expected, "interaction_weights"), result.interactionWeights());
        int[] order = expected.ints("cross_feature_order");
        int mismatches = 0;
        for (int i = 0; i < order.length; i++) {
          mismatches += order[i] == result.crossFeatureOrder()[i] ? 0 : 1;
        }
        line.put("gate_err", gates);
        line.put("interaction_weight_err", weights);
        line.put("cross_feature_order_mismatches", mismatches);
        int notCpuBits = bitsDifferingFromCpu(pkg, batch, result);
        line.put("gates_and_weights_not_cpu_bits", notCpuBits);
        pass &= gates <= MAP_BAR && weights <= MAP_BAR && mismatches == 0 && notCpuBits == 0;
      } else {
        double attention = 0;
        for (int l = 0; l < result.attentionLayers(); l++) {
          attention = Math.max(attention, worst(tensor(expected, "attn_l" + l), result.attention(l)));
        }
        line.put("attention_err", attention);
        pass &= attention <= MAP_BAR;
      }
      line.put("within_1e-5_of_f64ref", f64 <= 1e-5);
      line.put("pass", pass);
    } catch (RuntimeException e) {
      line.put("pass", false);
      line.put("error", e.toString());
    }
    return line;
  }

  /**
   * ARM-Net gates and interaction weights whose bits differ from the CPU backend's on the same
   * rows: explanations are the CPU's exactly when there are none.
   */
  private static int bitsDifferingFromCpu(ModelPackage pkg, FeatureBatch batch, ForwardResult result) {
    try (CompiledModel cpu = new CpuBackend().compile(pkg)) {
      ForwardResult expected = cpu.forward(batch, Outputs.of(Output.GATES, Output.INTERACTION_WEIGHTS));
      float[][] pairs = {expected.gates(), result.gates(), expected.interactionWeights(), result.interactionWeights()};
      int differing = 0;
      for (int p = 0; p < pairs.length; p += 2) {
        for (int i = 0; i < pairs[p].length; i++) {
          differing += Float.floatToRawIntBits(pairs[p][i]) == Float.floatToRawIntBits(pairs[p + 1][i]) ? 0 : 1;
        }
      }
      return differing;
    }
  }

  /** The full tensor of a test vector, or the first-16-rows tensor of a Frappe head. */
  private static float[] tensor(SafeTensors expected, String name) {
    return expected.has(name) ? expected.floats(name) : expected.floats(name + "_first16");
  }

  /** Worst scaled error over the first {@code expected.length} elements. */
  static double worst(float[] expected, double[] got) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(got[i] - expected[i]) / Math.max(1.0, Math.abs(expected[i]));
      worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : Math.max(worst, err);
    }
    return worst;
  }

  static double worst(float[] expected, float[] got) {
    double[] wide = new double[expected.length];
    for (int i = 0; i < expected.length; i++) {
      wide[i] = got[i];
    }
    return worst(expected, wide);
  }

  private static double worstAbs(float[] expected, double[] got) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    }
    return worst;
  }
}
