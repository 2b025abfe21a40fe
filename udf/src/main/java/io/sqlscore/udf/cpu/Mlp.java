package io.sqlscore.udf.cpu;

import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.BatchNormEval;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The official ARM-Net {@code MLP} (MODELS.md section 0): L times Linear, BatchNorm (eval),
 * ReLU, then Linear to one output, over row-major rows ({@link DenseLayer}; {@link LaneMlp} is
 * the lane-major form). Each BatchNorm is folded into the Linear before it at load time
 * ({@link BatchNormEval}): {@code W' = W · scale}, {@code b' = b · scale + shift}, computed in
 * double.
 */
final class Mlp {
  /** One Linear of an MLP with its BatchNorm folded in: weight {@code [out, in]}, bias {@code [out]}. */
  record Linear(float[] weight, float[] bias, int out, int in, boolean relu) {}

  private final DenseLayer[] layers;
  private final int width;

  private Mlp(DenseLayer[] layers) {
    this.layers = layers;
    int widest = 1;
    for (DenseLayer layer : layers) {
      widest = Math.max(widest, layer.out());
    }
    this.width = widest;
  }

  /**
   * The Linears of MLP {@code prefix} (e.g. {@code mlp} or {@code deep_mlp}) with
   * {@code hiddenLayers} hidden layers of {@code hidden} units over {@code in} inputs, each
   * BatchNorm folded in. {@code firstWeight} may rearrange the first Linear's weight
   * {@code [out, in]} to the caller's input layout.
   */
  static List<Linear> linears(
      SafeTensors weights,
      String prefix,
      int in,
      int hiddenLayers,
      int hidden,
      UnaryOperator<float[]> firstWeight) {
    List<Linear> linears = new ArrayList<>();
    int width = in;
    for (int i = 0; i <= hiddenLayers; i++) {
      String linear = prefix + ".mlp." + (4 * i);
      float[] weight = weights.floats(linear + ".weight");
      if (i == 0) {
        weight = firstWeight.apply(weight);
      }
      float[] bias = weights.floats(linear + ".bias");
      int out = i == hiddenLayers ? 1 : hidden;
      if (i < hiddenLayers) {
        BatchNormEval.load(weights, prefix + ".mlp." + (4 * i + 1)).foldInto(weight, bias, width);
      }
      linears.add(new Linear(weight, bias, out, width, i < hiddenLayers));
      width = out;
    }
    return linears;
  }

  /** Loads MLP {@code prefix} for row-major rows; the arguments are those of {@link #linears}. */
  static Mlp load(
      SafeTensors weights,
      String prefix,
      int in,
      int hiddenLayers,
      int hidden,
      UnaryOperator<float[]> firstWeight) {
    return new Mlp(
        linears(weights, prefix, in, hiddenLayers, hidden, firstWeight).stream()
            .map(l -> DenseLayer.fromLinear(l.weight(), l.bias(), l.out(), l.in(), l.relu()))
            .toArray(DenseLayer[]::new));
  }

  /** Floats each scratch buffer must hold per row. */
  int scratchPerRow() {
    return width;
  }

  /** Bytes of packed weights. */
  long memoryBytes() {
    long bytes = 0;
    for (DenseLayer layer : layers) {
      bytes += layer.memoryBytes();
    }
    return bytes;
  }

  /**
   * Runs {@code rows} rows of {@code x} (row stride {@code ldx}) and writes one output per row
   * to {@code out[outOff + r]}; {@code tmpA} and {@code tmpB} hold {@code rows *
   * scratchPerRow()} floats.
   */
  void apply(float[] x, int xOff, int ldx, int rows, float[] out, int outOff, float[] tmpA, float[] tmpB) {
    float[] src = x;
    int srcOff = xOff;
    int srcLd = ldx;
    float[] dst = tmpA;
    for (int i = 0; i < layers.length; i++) {
      DenseLayer layer = layers[i];
      if (i == layers.length - 1) {
        layer.apply(src, srcOff, srcLd, rows, out, outOff, 1);
      } else {
        layer.apply(src, srcOff, srcLd, rows, dst, 0, layer.out());
        src = dst;
        srcOff = 0;
        srcLd = layer.out();
        dst = dst == tmpA ? tmpB : tmpA;
      }
    }
  }
}
