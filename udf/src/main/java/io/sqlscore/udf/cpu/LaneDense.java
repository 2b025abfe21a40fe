package io.sqlscore.udf.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A fully connected layer {@code y = act(x · W + b)} over a block of {@link #LANES} rows held
 * lane-major: input p of all the block's rows is one vector {@code x[p·LANES ..]}, output c one
 * vector {@code y[c·LANES ..]}, so every row of the block runs in its own lane and nothing is
 * transposed. W is stored {@code [in][out]} and its elements are broadcast.
 *
 * <p>Each output is {@code b[c]} followed by fused multiply-adds over the inputs in index order,
 * as in {@link DenseLayer}, so both layouts give every row the same bits. A call can run several
 * groups that share the weights (AutoInt's fields, or blocks), two at a time: per input, two
 * vector loads and four broadcasts feed eight multiply-adds; a single group takes eight outputs
 * per pass, and a layer with one output takes four groups at a time.
 * Without ReLU the outputs pass through {@code max(x, −∞)}, which keeps every value (NaN
 * included).
 */
final class LaneDense {
  private static final VectorSpecies<Float> SPECIES = VectorMath.FLOATS;
  /** Rows per block. */
  static final int LANES = SPECIES.length();
  /** Columns stored side by side: W is packed {@code [out/PANEL][in][PANEL]}, read sequentially. */
  private static final int PANEL = 4;

  private final int in;
  private final int out;
  private final float[] weights;
  private final float[] bias;
  private final float floor;

  private LaneDense(int in, int out, float[] columns, float[] bias, boolean relu) {
    this.in = in;
    this.out = out;
    int panels = (out + PANEL - 1) / PANEL;
    this.weights = new float[panels * in * PANEL];
    for (int p = 0; p < in; p++) {
      for (int c = 0; c < out; c++) {
        weights[((c / PANEL) * in + p) * PANEL + c % PANEL] = columns[p * out + c];
      }
    }
    this.bias = bias == null ? new float[out] : bias.clone();
    this.floor = relu ? 0f : Float.NEGATIVE_INFINITY;
  }

  /** A layer from a PyTorch Linear weight {@code [out, in]} and bias {@code [out]} (null for none). */
  static LaneDense fromLinear(float[] weight, float[] bias, int out, int in, boolean relu) {
    float[] columns = new float[in * out];
    for (int c = 0; c < out; c++) {
      for (int p = 0; p < in; p++) {
        columns[p * out + c] = weight[c * in + p];
      }
    }
    return new LaneDense(in, out, columns, bias, relu);
  }

  /** A layer from a matrix already laid out as {@code [in, out]}. */
  static LaneDense fromColumns(float[] columns, float[] bias, int in, int out, boolean relu) {
    return new LaneDense(in, out, columns, bias, relu);
  }

  int in() {
    return in;
  }

  int out() {
    return out;
  }

  long memoryBytes() {
    return 4L * (weights.length + bias.length);
  }

  /**
   * Runs {@code groups} groups: group g reads {@code x[xOff + g·xStride + p·LANES]} and writes
   * {@code y[yOff + g·yStride + c·LANES]}.
   */
  void apply(float[] x, int xOff, int xStride, float[] y, int yOff, int yStride, int groups) {
    int g = 0;
    if (out == 1) {
      for (; g + 4 <= groups; g += 4) {
        int x0 = xOff + g * xStride;
        int y0 = yOff + g * yStride;
        fourOfOne(x, x0, x0 + xStride, x0 + 2 * xStride, x0 + 3 * xStride, y, y0, y0 + yStride,
            y0 + 2 * yStride, y0 + 3 * yStride);
      }
    }
    for (; g + 2 <= groups; g += 2) {
      int x0 = xOff + g * xStride;
      int y0 = yOff + g * yStride;
      int c = 0;
      for (; c + 4 <= out; c += 4) {
        pairOfFour(x, x0, x0 + xStride, y, y0, y0 + yStride, c);
      }
      for (; c < out; c++) {
        one(x, x0, y, y0, c);
        one(x, x0 + xStride, y, y0 + yStride, c);
      }
    }
    for (; g < groups; g++) {
      int x0 = xOff + g * xStride;
      int y0 = yOff + g * yStride;
      int c = 0;
      for (; c + 8 <= out; c += 8) {
        eight(x, x0, y, y0, c);
      }
      for (; c < out; c++) {
        one(x, x0, y, y0, c);
      }
    }
  }

  /** Outputs {@code c .. c+3} of two groups. */
  private void pairOfFour(float[] x, int xa, int xb, float[] y, int ya, int yb, int c) {
    FloatVector a0 = FloatVector.broadcast(SPECIES, bias[c]);
    FloatVector a1 = FloatVector.broadcast(SPECIES, bias[c + 1]);
    FloatVector a2 = FloatVector.broadcast(SPECIES, bias[c + 2]);
    FloatVector a3 = FloatVector.broadcast(SPECIES, bias[c + 3]);
    FloatVector b0 = a0;
    FloatVector b1 = a1;
    FloatVector b2 = a2;
    FloatVector b3 = a3;
    for (int p = 0; p < in; p++) {
      FloatVector u = FloatVector.fromArray(SPECIES, x, xa + p * LANES);
      FloatVector v = FloatVector.fromArray(SPECIES, x, xb + p * LANES);
      int w = (c * in + p * PANEL);
      FloatVector k = FloatVector.broadcast(SPECIES, weights[w]);
      a0 = u.fma(k, a0);
      b0 = v.fma(k, b0);
      k = FloatVector.broadcast(SPECIES, weights[w + 1]);
      a1 = u.fma(k, a1);
      b1 = v.fma(k, b1);
      k = FloatVector.broadcast(SPECIES, weights[w + 2]);
      a2 = u.fma(k, a2);
      b2 = v.fma(k, b2);
      k = FloatVector.broadcast(SPECIES, weights[w + 3]);
      a3 = u.fma(k, a3);
      b3 = v.fma(k, b3);
    }
    a0.max(floor).intoArray(y, ya + c * LANES);
    a1.max(floor).intoArray(y, ya + (c + 1) * LANES);
    a2.max(floor).intoArray(y, ya + (c + 2) * LANES);
    a3.max(floor).intoArray(y, ya + (c + 3) * LANES);
    b0.max(floor).intoArray(y, yb + c * LANES);
    b1.max(floor).intoArray(y, yb + (c + 1) * LANES);
    b2.max(floor).intoArray(y, yb + (c + 2) * LANES);
    b3.max(floor).intoArray(y, yb + (c + 3) * LANES);
  }

  /** Outputs {@code c .. c+7} of one group. */
  private void eight(float[] x, int x0, float[] y, int y0, int c) {
    FloatVector a0 = FloatVector.broadcast(SPECIES, bias[c]);
    FloatVector a1 = FloatVector.broadcast(SPECIES, bias[c + 1]);
    FloatVector a2 = FloatVector.broadcast(SPECIES, bias[c + 2]);
    FloatVector a3 = FloatVector.broadcast(SPECIES, bias[c + 3]);
    FloatVector a4 = FloatVector.broadcast(SPECIES, bias[c + 4]);
    FloatVector a5 = FloatVector.broadcast(SPECIES, bias[c + 5]);
    FloatVector a6 = FloatVector.broadcast(SPECIES, bias[c + 6]);
    FloatVector a7 = FloatVector.broadcast(SPECIES, bias[c + 7]);
    for (int p = 0; p < in; p++) {
      FloatVector u = FloatVector.fromArray(SPECIES, x, x0 + p * LANES);
      int w = c * in + p * PANEL;
      int w4 = w + in * PANEL;
      a0 = u.fma(FloatVector.broadcast(SPECIES, weights[w]), a0);
      a1 = u.fma(FloatVector.broadcast(SPECIES, weights[w + 1]), a1);
      a2 = u.fma(FloatVector.broadcast(SPECIES, weights[w + 2]), a2);
      a3 = u.fma(FloatVector.broadcast(SPECIES, weights[w + 3]), a3);
      a4 = u.fma(FloatVector.broadcast(SPECIES, weights[w4]), a4);
      a5 = u.fma(FloatVector.broadcast(SPECIES, weights[w4 + 1]), a5);
      a6 = u.fma(FloatVector.broadcast(SPECIES, weights[w4 + 2]), a6);
      a7 = u.fma(FloatVector.broadcast(SPECIES, weights[w4 + 3]), a7);
    }
    a0.max(floor).intoArray(y, y0 + c * LANES);
    a1.max(floor).intoArray(y, y0 + (c + 1) * LANES);
    a2.max(floor).intoArray(y, y0 + (c + 2) * LANES);
    a3.max(floor).intoArray(y, y0 + (c + 3) * LANES);
    a4.max(floor).intoArray(y, y0 + (c + 4) * LANES);
    a5.max(floor).intoArray(y, y0 + (c + 5) * LANES);
    a6.max(floor).intoArray(y, y0 + (c + 6) * LANES);
    a7.max(floor).intoArray(y, y0 + (c + 7) * LANES);
  }

  /** Output 0 of four groups. */
  private void fourOfOne(float[] x, int xa, int xb, int xc, int xd, float[] y, int ya, int yb, int yc, int yd) {
    FloatVector a = FloatVector.broadcast(SPECIES, bias[0]);
    FloatVector b = a;
    FloatVector c = a;
    FloatVector e = a;
    for (int p = 0; p < in; p++) {
      FloatVector k = FloatVector.broadcast(SPECIES, weights[p * PANEL]);
      a = FloatVector.fromArray(SPECIES, x, xa + p * LANES).fma(k, a);
      b = FloatVector.fromArray(SPECIES, x, xb + p * LANES).fma(k, b);
      c = FloatVector.fromArray(SPECIES, x, xc + p * LANES).fma(k, c);
      e = FloatVector.fromArray(SPECIES, x, xd + p * LANES).fma(k, e);
    }
    a.max(floor).intoArray(y, ya);
    b.max(floor).intoArray(y, yb);
    c.max(floor).intoArray(y, yc);
    e.max(floor).intoArray(y, yd);
  }

  /** Output {@code c} of one group. */
  private void one(float[] x, int x0, float[] y, int y0, int c) {
    FloatVector a = FloatVector.broadcast(SPECIES, bias[c]);
    for (int p = 0; p < in; p++) {
      int w = ((c / PANEL) * in + p) * PANEL + c % PANEL;
      a = FloatVector.fromArray(SPECIES, x, x0 + p * LANES).fma(FloatVector.broadcast(SPECIES, weights[w]), a);
    }
    a.max(floor).intoArray(y, y0 + c * LANES);
  }
}
