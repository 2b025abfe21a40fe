package io.sqlscore.train.math;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row-major matrix products {@code C (+)= A · B} with A {@code [m × k]}, B {@code [k × n]} and C
 * {@code [m × n]}, each given as (array, offset of element 0, leading dimension).
 *
 * <p>C is cut into tiles of up to 32 rows by 128 columns, one task each; a task walks k in
 * blocks of 256, keeping a 4-row by 2-vector block of C in registers. Every element of C is a
 * chain of fused multiply-adds over k in index order, started from 0 or from C's old value (the
 * kernels always start from C, zeroed first when not accumulating: accumulators chosen by a
 * branch once made C2 keep the vectors boxed, 10x slower), in every kernel variant (4-row or 1-row, two vectors, one vector or scalar), so the result does
 * not depend on the tiling or on the thread count.
 */
public final class Gemm {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final FloatVector ZERO = FloatVector.zero(SPECIES);
  private static final int L = SPECIES.length();
  private static final int TILE_ROWS = 32;
  private static final int TILE_COLS = 128;
  private static final int K_BLOCK = 256;
  private static final long SERIAL_WORK = 1L << 16;

  private Gemm() {}

  /** One operand: element (i, j) is {@code array[offset + i * ld + j]}. */
  public record Matrix(float[] array, int offset, int ld) {
    /** The operand starting at {@code offset} with leading dimension {@code ld}. */
    public static Matrix of(float[] array, int offset, int ld) {
      return new Matrix(array, offset, ld);
    }
  }

  /**
   * {@code C = A · B}, or {@code C += A · B} when {@code accumulate}, on {@code workers}
   * (serially when the product is small).
   */
  public static void multiply(
      Workers workers, int m, int n, int k, Matrix a, Matrix b, Matrix c, boolean accumulate) {
    int rowTiles = (m + TILE_ROWS - 1) / TILE_ROWS;
    int colTiles = (n + TILE_COLS - 1) / TILE_COLS;
    if ((long) m * n * k <= SERIAL_WORK || workers == null) {
      tile(0, m, 0, n, k, a, b, c, accumulate);
      return;
    }
    workers.run(
        rowTiles * colTiles,
        t -> {
          int r0 = (t / colTiles) * TILE_ROWS;
          int c0 = (t % colTiles) * TILE_COLS;
          tile(r0, Math.min(m, r0 + TILE_ROWS), c0, Math.min(n, c0 + TILE_COLS), k, a, b, c, accumulate);
        });
  }

  /** Serial {@code C (+)= A · B} in the calling thread. */
  public static void multiply(int m, int n, int k, Matrix a, Matrix b, Matrix c, boolean accumulate) {
    tile(0, m, 0, n, k, a, b, c, accumulate);
  }

  private static void tile(int r0, int r1, int c0, int c1, int k, Matrix a, Matrix b, Matrix c, boolean accumulate) {
    if (!accumulate) {
      for (int r = r0; r < r1; r++) {
        Arrays.fill(c.array(), c.offset() + r * c.ld() + c0, c.offset() + r * c.ld() + c1, 0f);
      }
    }
    for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
      int p1 = Math.min(k, p0 + K_BLOCK);
      int r = r0;
      for (; r + 4 <= r1; r += 4) {
        rows4(r, c0, c1, p0, p1, a, b, c);
      }
      for (; r < r1; r++) {
        row1(r, c0, c1, p0, p1, a, b, c);
      }
    }
  }

  private static void rows4(int r, int c0, int c1, int p0, int p1, Matrix a, Matrix b, Matrix c) {
    int col = c0;
    int aRow = a.offset() + r * a.ld();
    int cRow = c.offset() + r * c.ld();
    for (; col + 2 * L <= c1; col += 2 * L) {
      block4x2(p0, p1, a.array(), aRow, a.ld(), b.array(), b.offset() + col, b.ld(), c.array(), cRow + col, c.ld());
    }
    for (; col + L <= c1; col += L) {
      block4x1(p0, p1, a.array(), aRow, a.ld(), b.array(), b.offset() + col, b.ld(), c.array(), cRow + col, c.ld());
    }
    for (; col < c1; col++) {
      for (int i = 0; i < 4; i++) {
        scalar(p0, p1, a.array(), aRow + i * a.ld(), b.array(), b.offset() + col, b.ld(), c.array(), cRow + i * c.ld() + col);
      }
    }
  }

  private static void row1(int r, int c0, int c1, int p0, int p1, Matrix a, Matrix b, Matrix c) {
    int col = c0;
    int aRow = a.offset() + r * a.ld();
    int cRow = c.offset() + r * c.ld();
    for (; col + L <= c1; col += L) {
      block1x1(p0, p1, a.array(), aRow, b.array(), b.offset() + col, b.ld(), c.array(), cRow + col);
    }
    for (; col < c1; col++) {
      scalar(p0, p1, a.array(), aRow, b.array(), b.offset() + col, b.ld(), c.array(), cRow + col);
    }
  }

  private static void block4x2(
      int p0, int p1, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int at, int ldc) {
    FloatVector c00 = FloatVector.fromArray(SPECIES, c, at);
    FloatVector c01 = FloatVector.fromArray(SPECIES, c, at + L);
    FloatVector c10 = FloatVector.fromArray(SPECIES, c, at + ldc);
    FloatVector c11 = FloatVector.fromArray(SPECIES, c, at + ldc + L);
    FloatVector c20 = FloatVector.fromArray(SPECIES, c, at + 2 * ldc);
    FloatVector c21 = FloatVector.fromArray(SPECIES, c, at + 2 * ldc + L);
    FloatVector c30 = FloatVector.fromArray(SPECIES, c, at + 3 * ldc);
    FloatVector c31 = FloatVector.fromArray(SPECIES, c, at + 3 * ldc + L);
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    for (int p = p0; p < p1; p++) {
      int bi = b0 + p * ldb;
      FloatVector v0 = FloatVector.fromArray(SPECIES, b, bi);
      FloatVector v1 = FloatVector.fromArray(SPECIES, b, bi + L);
      FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
      c00 = x.fma(v0, c00);
      c01 = x.fma(v1, c01);
      x = FloatVector.broadcast(SPECIES, a[a1 + p]);
      c10 = x.fma(v0, c10);
      c11 = x.fma(v1, c11);
      x = FloatVector.broadcast(SPECIES, a[a2 + p]);
      c20 = x.fma(v0, c20);
      c21 = x.fma(v1, c21);
      x = FloatVector.broadcast(SPECIES, a[a3 + p]);
      c30 = x.fma(v0, c30);
      c31 = x.fma(v1, c31);
    }
    ZERO.add(c00).intoArray(c, at);
    ZERO.add(c01).intoArray(c, at + L);
    ZERO.add(c10).intoArray(c, at + ldc);
    ZERO.add(c11).intoArray(c, at + ldc + L);
    ZERO.add(c20).intoArray(c, at + 2 * ldc);
    ZERO.add(c21).intoArray(c, at + 2 * ldc + L);
    ZERO.add(c30).intoArray(c, at + 3 * ldc);
    ZERO.add(c31).intoArray(c, at + 3 * ldc + L);
  }

  private static void block4x1(
      int p0, int p1, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] c, int at, int ldc) {
    FloatVector c0 = FloatVector.fromArray(SPECIES, c, at);
    FloatVector c1 = FloatVector.fromArray(SPECIES, c, at + ldc);
    FloatVector c2 = FloatVector.fromArray(SPECIES, c, at + 2 * ldc);
    FloatVector c3 = FloatVector.fromArray(SPECIES, c, at + 3 * ldc);
    for (int p = p0; p < p1; p++) {
      FloatVector v = FloatVector.fromArray(SPECIES, b, b0 + p * ldb);
      c0 = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(v, c0);
      c1 = FloatVector.broadcast(SPECIES, a[a0 + lda + p]).fma(v, c1);
      c2 = FloatVector.broadcast(SPECIES, a[a0 + 2 * lda + p]).fma(v, c2);
      c3 = FloatVector.broadcast(SPECIES, a[a0 + 3 * lda + p]).fma(v, c3);
    }
    ZERO.add(c0).intoArray(c, at);
    ZERO.add(c1).intoArray(c, at + ldc);
    ZERO.add(c2).intoArray(c, at + 2 * ldc);
    ZERO.add(c3).intoArray(c, at + 3 * ldc);
  }

  private static void block1x1(int p0, int p1, float[] a, int a0, float[] b, int b0, int ldb, float[] c, int at) {
    FloatVector acc = FloatVector.fromArray(SPECIES, c, at);
    for (int p = p0; p < p1; p++) {
      acc = FloatVector.broadcast(SPECIES, a[a0 + p]).fma(FloatVector.fromArray(SPECIES, b, b0 + p * ldb), acc);
    }
    ZERO.add(acc).intoArray(c, at);
  }

  private static void scalar(int p0, int p1, float[] a, int a0, float[] b, int b0, int ldb, float[] c, int at) {
    float acc = c[at];
    for (int p = p0; p < p1; p++) {
      acc = Math.fma(a[a0 + p], b[b0 + p * ldb], acc);
    }
    c[at] = acc;
  }
}
