package io.sqlscore.train.math;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions over the rows of a row-major matrix, one result per column (bias and BatchNorm
 * gradients, BatchNorm statistics), and transposes. Columns are split into tasks of 64; each
 * column is summed over rows in row order, so results do not depend on the thread count.
 */
public final class Columns {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** Floats with as many lanes as {@link #DOUBLES}. */
  private static final VectorSpecies<Float> HALF =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final int L = FLOATS.length();
  private static final FloatVector ZERO = FloatVector.zero(FLOATS);
  private static final DoubleVector DZERO = DoubleVector.zero(DOUBLES);
  private static final int D = DOUBLES.length();
  private static final int TASK_COLS = 64;

  private Columns() {}

  /** Work on the columns {@code [c0, c1)}. */
  @FunctionalInterface
  private interface ColumnRange {
    void apply(int c0, int c1);
  }

  /** Runs {@code work} on column blocks of {@value #TASK_COLS}, one task each. */
  private static void byColumns(Workers workers, int cols, ColumnRange work) {
    workers.run((cols + TASK_COLS - 1) / TASK_COLS, t -> work.apply(t * TASK_COLS, Math.min(cols, (t + 1) * TASK_COLS)));
  }

  /**
   * {@code out[j] (+)= Σ_i x[off + i*ld + j]} for j in {@code [0, cols)}, rows in order.
   */
  public static void sum(Workers workers, float[] x, int off, int rows, int cols, int ld, float[] out, boolean accumulate) {
    byColumns(workers, cols, (c0, c1) -> {
      if (!accumulate) {
        java.util.Arrays.fill(out, c0, c1, 0f);
      }
      int j = c0;
      for (; j + L <= c1; j += L) {
        FloatVector acc = FloatVector.fromArray(FLOATS, out, j);
        for (int i = 0; i < rows; i++) {
          acc = FloatVector.fromArray(FLOATS, x, off + i * ld + j).add(acc);
        }
        ZERO.add(acc).intoArray(out, j);
      }
      for (; j < c1; j++) {
        float acc = out[j];
        for (int i = 0; i < rows; i++) {
          acc += x[off + i * ld + j];
        }
        out[j] = acc;
      }
    });
  }

  /**
   * {@code out[j] (+)= Σ_i x[i*ldx + j] · y[i*ldy + j]} (fused multiply-adds in row order).
   */
  public static void sumOfProducts(
      Workers workers, float[] x, int ldx, float[] y, int ldy, int rows, int cols, float[] out, boolean accumulate) {
    byColumns(workers, cols, (c0, c1) -> {
      if (!accumulate) {
        java.util.Arrays.fill(out, c0, c1, 0f);
      }
      int j = c0;
      for (; j + L <= c1; j += L) {
        FloatVector acc = FloatVector.fromArray(FLOATS, out, j);
        for (int i = 0; i < rows; i++) {
          acc = FloatVector.fromArray(FLOATS, x, i * ldx + j).fma(FloatVector.fromArray(FLOATS, y, i * ldy + j), acc);
        }
        ZERO.add(acc).intoArray(out, j);
      }
      for (; j < c1; j++) {
        float acc = out[j];
        for (int i = 0; i < rows; i++) {
          acc = Math.fma(x[i * ldx + j], y[i * ldy + j], acc);
        }
        out[j] = acc;
      }
    });
  }

  /**
   * Per column of {@code x} ({@code rows × cols}, leading dimension {@code ld}): the mean and the
   * biased variance, both accumulated in double (two passes), into {@code mean[j]} and
   * {@code var[j]}.
   */
  public static void meanAndVariance(
      Workers workers, float[] x, int rows, int cols, int ld, double[] mean, double[] var) {
    byColumns(workers, cols, (c0, c1) -> {
      int j = c0;
      for (; j + D <= c1; j += D) {
        meanVarLanes(x, rows, ld, j, mean, var);
      }
      for (; j < c1; j++) {
        double s = 0;
        for (int i = 0; i < rows; i++) {
          s += x[i * ld + j];
        }
        double m = s / rows;
        double q = 0;
        for (int i = 0; i < rows; i++) {
          double d = x[i * ld + j] - m;
          q += d * d;
        }
        mean[j] = m;
        var[j] = q / rows;
      }
    });
  }

  private static void meanVarLanes(float[] x, int rows, int ld, int j, double[] mean, double[] var) {
    DoubleVector s = DoubleVector.zero(DOUBLES);
    for (int i = 0; i < rows; i++) {
      s = ((DoubleVector) FloatVector.fromArray(HALF, x, i * ld + j).convertShape(VectorOperators.F2D, DOUBLES, 0)).add(s);
    }
    DoubleVector m = DZERO.add(s).div(rows);
    DoubleVector q = DoubleVector.zero(DOUBLES);
    for (int i = 0; i < rows; i++) {
      DoubleVector d =
          ((DoubleVector) FloatVector.fromArray(HALF, x, i * ld + j).convertShape(VectorOperators.F2D, DOUBLES, 0)).sub(m);
      q = d.mul(d).add(q);
    }
    m.intoArray(mean, j);
    DZERO.add(q).div(rows).intoArray(var, j);
  }

  /** {@code dst[dOff + j*ldd + i] = src[sOff + i*lds + j]} for a {@code rows × cols} source. */
  public static void transpose(float[] src, int sOff, int rows, int cols, int lds, float[] dst, int dOff, int ldd) {
    final int block = 16;
    for (int i0 = 0; i0 < rows; i0 += block) {
      int i1 = Math.min(rows, i0 + block);
      for (int j0 = 0; j0 < cols; j0 += block) {
        int j1 = Math.min(cols, j0 + block);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
          }
        }
      }
    }
  }
}
