package io.sqlscore.udf.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A fully connected layer {@code y = act(x · W + b)} over a block of rows, with W packed at
 * load time into column panels of two vector widths so that the kernel streams it
 * sequentially and keeps a 4-row by 2-vector tile of outputs in registers.
 *
 * <p>Each output element is {@code b[j]} followed by fused multiply-adds over the inputs in
 * index order, in the 4-row kernel and the 1-row tail kernel alike, so a row's result does not
 * depend on which rows share its block.
 */
final class DenseLayer {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int PANEL = 2 * LANES;

  private final int in;
  private final int out;
  private final boolean relu;
  private final float[] packed;
  private final float[] bias;

  private DenseLayer(int in, int out, float[] columns, float[] bias, boolean relu) {
    this.in = in;
    this.out = out;
    this.relu = relu;
    int panels = (out + PANEL - 1) / PANEL;
    this.packed = new float[panels * in * PANEL];
    this.bias = new float[panels * PANEL];
    for (int j = 0; j < out; j++) {
      int panel = j / PANEL;
      int lane = j % PANEL;
      for (int p = 0; p < in; p++) {
        packed[(panel * in + p) * PANEL + lane] = columns[p * out + j];
      }
      this.bias[j] = bias == null ? 0f : bias[j];
    }
  }

  /**
   * A layer from a PyTorch Linear weight {@code [out, in]} (row-major) and bias {@code [out]}
   * (null for none).
   */
  static DenseLayer fromLinear(float[] weight, float[] bias, int out, int in, boolean relu) {
    float[] columns = new float[in * out];
    for (int j = 0; j < out; j++) {
      for (int p = 0; p < in; p++) {
        columns[p * out + j] = weight[j * in + p];
      }
    }
    return new DenseLayer(in, out, columns, bias, relu);
  }

  /** A layer from a matrix already laid out as {@code [in, out]} (row-major). */
  static DenseLayer fromColumns(float[] columns, float[] bias, int in, int out, boolean relu) {
    return new DenseLayer(in, out, columns, bias, relu);
  }

  int in() {
    return in;
  }

  int out() {
    return out;
  }

  /** Bytes held by the packed weights and bias. */
  long memoryBytes() {
    return 4L * (packed.length + bias.length);
  }

  /**
   * Computes {@code rows} rows: row r reads {@code x[xOff + r*ldx ..][0, in)} and writes
   * {@code y[yOff + r*ldy ..][0, out)}.
   */
  void apply(float[] x, int xOff, int ldx, int rows, float[] y, int yOff, int ldy) {
    int panels = bias.length / PANEL;
    for (int panel = 0; panel < panels; panel++) {
      int col = panel * PANEL;
      VectorMask<Float> mask0 = SPECIES.indexInRange(col, out);
      VectorMask<Float> mask1 = SPECIES.indexInRange(col + LANES, out);
      int base = panel * in * PANEL;
      FloatVector bias0 = FloatVector.fromArray(SPECIES, bias, col);
      FloatVector bias1 = FloatVector.fromArray(SPECIES, bias, col + LANES);
      int r = 0;
      for (; r + 4 <= rows; r += 4) {
        int x0 = xOff + r * ldx;
        int x1 = x0 + ldx;
        int x2 = x1 + ldx;
        int x3 = x2 + ldx;
        FloatVector c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1;
        FloatVector c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
        for (int p = 0; p < in; p++) {
          int w = base + p * PANEL;
          FloatVector b0 = FloatVector.fromArray(SPECIES, packed, w);
          FloatVector b1 = FloatVector.fromArray(SPECIES, packed, w + LANES);
          FloatVector a = FloatVector.broadcast(SPECIES, x[x0 + p]);
          c00 = a.fma(b0, c00);
          c01 = a.fma(b1, c01);
          a = FloatVector.broadcast(SPECIES, x[x1 + p]);
          c10 = a.fma(b0, c10);
          c11 = a.fma(b1, c11);
          a = FloatVector.broadcast(SPECIES, x[x2 + p]);
          c20 = a.fma(b0, c20);
          c21 = a.fma(b1, c21);
          a = FloatVector.broadcast(SPECIES, x[x3 + p]);
          c30 = a.fma(b0, c30);
          c31 = a.fma(b1, c31);
        }
        int y0 = yOff + r * ldy + col;
        store(c00, c01, y, y0, mask0, mask1);
        store(c10, c11, y, y0 + ldy, mask0, mask1);
        store(c20, c21, y, y0 + 2 * ldy, mask0, mask1);
        store(c30, c31, y, y0 + 3 * ldy, mask0, mask1);
      }
      for (; r < rows; r++) {
        int x0 = xOff + r * ldx;
        FloatVector c0 = bias0, c1 = bias1;
        for (int p = 0; p < in; p++) {
          int w = base + p * PANEL;
          FloatVector a = FloatVector.broadcast(SPECIES, x[x0 + p]);
          c0 = a.fma(FloatVector.fromArray(SPECIES, packed, w), c0);
          c1 = a.fma(FloatVector.fromArray(SPECIES, packed, w + LANES), c1);
        }
        store(c0, c1, y, yOff + r * ldy + col, mask0, mask1);
      }
    }
  }

  private void store(
      FloatVector c0, FloatVector c1, float[] y, int at, VectorMask<Float> mask0, VectorMask<Float> mask1) {
    if (relu) {
      c0 = c0.lanewise(VectorOperators.MAX, 0f);
      c1 = c1.lanewise(VectorOperators.MAX, 0f);
    }
    if (mask1.allTrue()) {
      c0.intoArray(y, at);
      c1.intoArray(y, at + LANES);
    } else {
      c0.intoArray(y, at, mask0);
      c1.intoArray(y, at + LANES, mask1);
    }
  }
}
