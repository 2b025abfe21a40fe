package io.sqlscore.udf.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A fully connected layer {@code y = act(x · W + b)} over a block of rows, with W packed at
 * load time into column panels of two vector widths so that the kernel streams it
 * sequentially and keeps a 4-row by 2-vector tile of outputs in registers.
 *
 * <p>Each output element is {@code b[j]} followed by fused multiply-adds over the inputs in
 * index order, in the 4-row kernel and the 1-row tail kernel alike, so a row's result does not
 * depend on which rows share its block. Public so that the kernel benchmarks can time it.
 * Without ReLU the outputs pass through
 * {@code max(x, −∞)}, which keeps every value (NaN included) and keeps the code branch-free.
 */
public final class DenseLayer {
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
  public static DenseLayer fromLinear(float[] weight, float[] bias, int out, int in, boolean relu) {
    float[] columns = new float[in * out];
    for (int j = 0; j < out; j++) {
      for (int p = 0; p < in; p++) {
        columns[p * out + j] = weight[j * in + p];
      }
    }
    return new DenseLayer(in, out, columns, bias, relu);
  }

  /** A layer from a matrix already laid out as {@code [in, out]} (row-major). */
  public static DenseLayer fromColumns(float[] columns, float[] bias, int in, int out, boolean relu) {
    return new DenseLayer(in, out, columns, bias, relu);
  }

  /** Input width. */
  public int in() {
    return in;
  }

  /** Output width. */
  public int out() {
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
  public void apply(float[] x, int xOff, int ldx, int rows, float[] y, int yOff, int ldy) {
    int panels = bias.length / PANEL;
    float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
    float[] partial = null;
    for (int panel = 0; panel < panels; panel++) {
      int col = panel * PANEL;
      int width = Math.min(PANEL, out - col);
      if (width < PANEL && partial == null) {
        partial = new float[4 * PANEL];
      }
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
        float[] dst = width == PANEL ? y : partial;
        int at = width == PANEL ? yOff + r * ldy + col : 0;
        int ld = width == PANEL ? ldy : PANEL;
        c00.max(floor).intoArray(dst, at);
        c01.max(floor).intoArray(dst, at + LANES);
        c10.max(floor).intoArray(dst, at + ld);
        c11.max(floor).intoArray(dst, at + ld + LANES);
        c20.max(floor).intoArray(dst, at + 2 * ld);
        c21.max(floor).intoArray(dst, at + 2 * ld + LANES);
        c30.max(floor).intoArray(dst, at + 3 * ld);
        c31.max(floor).intoArray(dst, at + 3 * ld + LANES);
        if (width < PANEL) {
          for (int k = 0; k < 4; k++) {
            System.arraycopy(partial, k * PANEL, y, yOff + (r + k) * ldy + col, width);
          }
        }
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
        if (width == PANEL) {
          c0.max(floor).intoArray(y, yOff + r * ldy + col);
          c1.max(floor).intoArray(y, yOff + r * ldy + col + LANES);
        } else {
          c0.max(floor).intoArray(partial, 0);
          c1.max(floor).intoArray(partial, LANES);
          System.arraycopy(partial, 0, y, yOff + r * ldy + col, width);
        }
      }
    }
  }
}
