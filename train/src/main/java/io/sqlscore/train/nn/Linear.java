package io.sqlscore.train.nn;

import io.sqlscore.train.math.Columns;
import io.sqlscore.train.math.Gemm;
import io.sqlscore.train.math.Gemm.Matrix;
import io.sqlscore.train.math.Workers;

/**
 * A Linear layer {@code y = x · weightᵀ + bias} over rows, with weight {@code [out, in]} as in
 * PyTorch. Each output starts from the bias and adds the inputs' products in index order.
 */
final class Linear {
  private final Tensor weight;
  private final Tensor bias;
  private final int in;
  private final int out;
  private final float[] transposed;
  private float[] dyTransposed = new float[0];

  Linear(Tensor weight, Tensor bias) {
    this.weight = weight;
    this.bias = bias;
    this.out = weight.shape()[0];
    this.in = weight.shape()[1];
    this.transposed = new float[in * out];
  }

  /** Loads {@code prefix.weight} and {@code prefix.bias}. */
  static Linear of(Parameters p, String prefix) {
    return new Linear(p.get(prefix + ".weight"), p.get(prefix + ".bias"));
  }

  int in() {
    return in;
  }

  int out() {
    return out;
  }

  /** Call once per step, after the weights changed: lays out weightᵀ for the forward product. */
  void prepare() {
    Columns.transpose(weight.data(), 0, out, in, in, transposed, 0, out);
  }

  /** {@code y[r] = bias + x[r] · weightᵀ} for {@code rows} rows (y has leading dimension {@code out}). */
  void forward(Workers workers, float[] x, int xOff, int ldx, int rows, float[] y) {
    float[] b = bias.data();
    for (int r = 0; r < rows; r++) {
      System.arraycopy(b, 0, y, r * out, out);
    }
    Gemm.multiply(workers, rows, out, in, Matrix.of(x, xOff, ldx), Matrix.of(transposed, 0, out), Matrix.of(y, 0, out), true);
  }

  /**
   * Adds the gradients of weight and bias for output gradient {@code dy} ({@code rows × out})
   * and input {@code x}, and writes (or adds, when {@code accumulate}) the input gradient into
   * {@code dx} (leading dimension {@code ldx}) unless it is null.
   */
  void backward(
      Workers workers, float[] x, int xOff, int ldx, float[] dy, int rows, float[] dx, int dxOff, int lddx, boolean accumulate) {
    if (dyTransposed.length < rows * out) {
      dyTransposed = new float[rows * out];
    }
    Columns.transpose(dy, 0, rows, out, out, dyTransposed, 0, rows);
    Gemm.multiply(workers, out, in, rows, Matrix.of(dyTransposed, 0, rows), Matrix.of(x, xOff, ldx), Matrix.of(weight.grad(), 0, in), true);
    Columns.sum(workers, dy, 0, rows, out, out, bias.grad(), true);
    if (dx != null) {
      Gemm.multiply(workers, rows, in, out, Matrix.of(dy, 0, out), Matrix.of(weight.data(), 0, in), Matrix.of(dx, dxOff, lddx), accumulate);
    }
  }
}
