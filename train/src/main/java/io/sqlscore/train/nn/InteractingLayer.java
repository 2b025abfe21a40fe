package io.sqlscore.train.nn;

import io.sqlscore.train.math.Columns;
import io.sqlscore.train.math.FloatMath;
import io.sqlscore.train.math.Gemm;
import io.sqlscore.train.math.Gemm.Matrix;
import io.sqlscore.train.math.Workers;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One AutoInt interacting layer (MODELS.md section 6, step 2) in training mode, with its
 * backward pass. The four projections {@code W_q, W_k, W_v, W_res} run as one product giving
 * {@code P = ReLU(x · [W_q; W_k; W_v; W_res]ᵀ + b)} with Q, K, V, R side by side. Attention,
 * residual and LayerNorm (eps 1e-8, biased variance) then run on groups of as many rows as a
 * vector has lanes, one row per lane: each group is transposed to {@code [field][column][lane]},
 * so every step is a lane-wise operation whatever the field count or head width.
 */
final class InteractingLayer {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();
  private static final FloatVector ZERO = FloatVector.zero(SPECIES);
  private static final String[] PARTS = {"W_q", "W_k", "W_v", "W_res"};
  private static final float EPS = 1e-8f;

  private final int fields;
  private final int heads;
  private final int in;
  private final int d;
  private final int dh;
  private final int width;
  private final float sqrtDh;
  private final Tensor[] weights = new Tensor[4];
  private final Tensor[] biases = new Tensor[4];
  private final Tensor gamma;
  private final Tensor beta;
  private final float[] stacked;
  private final float[] stackedT;
  private final float[] bias;
  private final float[] dStacked;
  private final float[] dBias;

  private int rows;
  private int groups;
  private float[] p = new float[0];
  private float[] pt = new float[0];
  private float[] at = new float[0];
  private float[] zt = new float[0];
  private float[] xt = new float[0];
  private float[] inv = new float[0];
  private float[] dpt = new float[0];
  private float[] dPt = new float[0];
  private float[] gammaParts = new float[0];
  private float[] betaParts = new float[0];
  private Scratch[] scratch = new Scratch[0];

  InteractingLayer(Parameters params, int layer, int fields, int heads, int in, int d) {
    this.fields = fields;
    this.heads = heads;
    this.in = in;
    this.d = d;
    this.dh = d / heads;
    this.width = 4 * d;
    this.sqrtDh = (float) Math.sqrt(dh);
    String prefix = "attn_layers." + layer + ".";
    for (int part = 0; part < 4; part++) {
      weights[part] = params.get(prefix + PARTS[part] + ".weight");
      biases[part] = params.get(prefix + PARTS[part] + ".bias");
    }
    this.gamma = params.get(prefix + "layer_norm.weight");
    this.beta = params.get(prefix + "layer_norm.bias");
    this.stacked = new float[width * in];
    this.stackedT = new float[in * width];
    this.bias = new float[width];
    this.dStacked = new float[width * in];
    this.dBias = new float[width];
  }

  /** Per-group working memory: the group's outputs or output gradients, and dA. */
  private final class Scratch {
    final float[] y = new float[fields * d * L];
    final float[] dz = new float[fields * d * L];
    final float[] dA = new float[fields * fields * L];
  }

  /** Lays out the stacked projection weights; call once per step, after the weights changed. */
  void prepare() {
    for (int part = 0; part < 4; part++) {
      System.arraycopy(weights[part].data(), 0, stacked, part * d * in, d * in);
      System.arraycopy(biases[part].data(), 0, bias, part * d, d);
    }
    Columns.transpose(stacked, 0, width, in, in, stackedT, 0, width);
  }

  private void allocate(int rows) {
    int groups = (rows + L - 1) / L;
    if (scratch.length >= groups) {
      return;
    }
    int cells = rows * fields;
    int laneCells = groups * L * fields;
    p = new float[cells * width];
    dPt = new float[cells * width];
    pt = new float[laneCells * width];
    dpt = new float[laneCells * width];
    at = new float[groups * heads * fields * fields * L];
    zt = new float[laneCells * d];
    xt = new float[laneCells * d];
    inv = new float[laneCells];
    gammaParts = new float[groups * d * L];
    betaParts = new float[groups * d * L];
    scratch = new Scratch[groups];
    for (int g = 0; g < groups; g++) {
      scratch[g] = new Scratch();
    }
  }

  /** Runs {@code rows} rows: {@code x[(r·F + f)·in + c]} in, {@code out[(r·F + f)·d + c]} out. */
  void forward(Workers workers, float[] x, int rows, float[] out) {
    allocate(rows);
    this.rows = rows;
    this.groups = (rows + L - 1) / L;
    int cells = rows * fields;
    for (int c = 0; c < cells; c++) {
      System.arraycopy(bias, 0, p, c * width, width);
    }
    Gemm.multiply(workers, cells, width, in, Matrix.of(x, 0, in), Matrix.of(stackedT, 0, width), Matrix.of(p, 0, width), true);
    workers.run(groups, g -> {
      toLanes(p, g, width, pt, g * fields * width * L, true);
      for (int h = 0; h < heads; h++) {
        scores(g, h);
        softmax(g, h);
        weightedValues(g, h);
      }
      normalize(g, scratch[g].y);
      fromLanes(scratch[g].y, 0, g, d, out);
    });
  }

  /**
   * Group g of row-major {@code src} ({@code rows·F × columns}) into lanes at {@code dst[off +
   * (f·columns + c)·L + lane]}, rows past the end as zeros, through ReLU when asked.
   */
  private void toLanes(float[] src, int g, int columns, float[] dst, int off, boolean relu) {
    for (int lane = 0; lane < L; lane++) {
      int b = g * L + lane;
      if (b >= rows) {
        for (int i = 0; i < fields * columns; i++) {
          dst[off + i * L + lane] = 0f;
        }
        continue;
      }
      int from = b * fields * columns;
      for (int i = 0; i < fields * columns; i++) {
        float v = src[from + i];
        dst[off + i * L + lane] = relu ? Math.max(v, 0f) : v;
      }
    }
  }

  private int pAt(int g, int f, int column) {
    return ((g * fields + f) * width + column) * L;
  }

  private int aAt(int g, int h, int i, int j) {
    return (((g * heads + h) * fields + i) * fields + j) * L;
  }

  private int zAt(int g, int f, int c) {
    return ((g * fields + f) * d + c) * L;
  }

  /** {@code S[i][j] = Σ_t Q[i][t]·K[j][t] / sqrt(dh)} for head h, into the attention array. */
  private void scores(int g, int h) {
    for (int i = 0; i < fields; i++) {
      int q = pAt(g, i, h * dh);
      for (int j = 0; j < fields; j++) {
        int k = pAt(g, j, d + h * dh);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int t = 0; t < dh; t++) {
          acc = FloatVector.fromArray(SPECIES, pt, q + t * L).fma(FloatVector.fromArray(SPECIES, pt, k + t * L), acc);
        }
        ZERO.add(acc).div(sqrtDh).intoArray(at, aAt(g, h, i, j));
      }
    }
  }

  /** Softmax over keys j of each query i's scores, in place. */
  private void softmax(int g, int h) {
    for (int i = 0; i < fields; i++) {
      int row = aAt(g, h, i, 0);
      FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      for (int j = 0; j < fields; j++) {
        max = FloatVector.fromArray(SPECIES, at, row + j * L).max(max);
      }
      for (int j = 0; j < fields; j++) {
        FloatVector.fromArray(SPECIES, at, row + j * L).sub(max).intoArray(at, row + j * L);
      }
      FloatMath.exp(at, row, row + fields * L);
      FloatVector sum = FloatVector.zero(SPECIES);
      for (int j = 0; j < fields; j++) {
        sum = FloatVector.fromArray(SPECIES, at, row + j * L).add(sum);
      }
      for (int j = 0; j < fields; j++) {
        FloatVector.fromArray(SPECIES, at, row + j * L).div(sum).intoArray(at, row + j * L);
      }
    }
  }

  /** {@code U[i][h·dh + t] = Σ_j A[i][j]·V[j][t]}, into z. */
  private void weightedValues(int g, int h) {
    for (int i = 0; i < fields; i++) {
      for (int t = 0; t < dh; t++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int j = 0; j < fields; j++) {
          acc = FloatVector.fromArray(SPECIES, at, aAt(g, h, i, j))
              .fma(FloatVector.fromArray(SPECIES, pt, pAt(g, j, 2 * d + h * dh + t)), acc);
        }
        ZERO.add(acc).intoArray(zt, zAt(g, i, h * dh + t));
      }
    }
  }

  /** {@code Z = ReLU(U + R)}, then LayerNorm over each field's d columns into {@code y}. */
  private void normalize(int g, float[] y) {
    float[] gm = gamma.data();
    float[] bt = beta.data();
    for (int i = 0; i < fields; i++) {
      FloatVector sum = FloatVector.zero(SPECIES);
      for (int c = 0; c < d; c++) {
        int z = zAt(g, i, c);
        FloatVector v = FloatVector.fromArray(SPECIES, zt, z).add(FloatVector.fromArray(SPECIES, pt, pAt(g, i, 3 * d + c))).max(0f);
        v.intoArray(zt, z);
        sum = v.add(sum);
      }
      FloatVector mean = ZERO.add(sum).div(d);
      FloatVector squares = FloatVector.zero(SPECIES);
      for (int c = 0; c < d; c++) {
        FloatVector centered = FloatVector.fromArray(SPECIES, zt, zAt(g, i, c)).sub(mean);
        squares = centered.fma(centered, squares);
      }
      FloatVector invStd = FloatVector.broadcast(SPECIES, 1f).div(ZERO.add(squares).div(d).add(EPS).lanewise(VectorOperators.SQRT));
      invStd.intoArray(inv, (g * fields + i) * L);
      for (int c = 0; c < d; c++) {
        int z = zAt(g, i, c);
        FloatVector xh = FloatVector.fromArray(SPECIES, zt, z).sub(mean).mul(invStd);
        xh.intoArray(xt, z);
        xh.mul(gm[c]).add(bt[c]).intoArray(y, (i * d + c) * L);
      }
    }
  }

  /**
   * Adds every parameter's gradient for output gradient {@code dOut} ({@code cells × d}) given
   * the layer's input {@code x}, and writes the input gradient into {@code dx}.
   */
  void backward(Workers workers, float[] x, float[] dOut, float[] dx) {
    int cells = rows * fields;
    workers.run(groups, g -> {
      Scratch s = scratch[g];
      toLanes(dOut, g, d, s.y, 0, false);
      normalizeBackward(g, s);
      for (int h = 0; h < heads; h++) {
        valuesBackward(g, h, s);
        scoresBackward(g, h, s);
        queriesKeysBackward(g, h, s);
      }
      reluMask(g);
      fromLanes(dpt, g * fields * width * L, g, width, p);
    });
    reduceNormGradients();
    Columns.transpose(p, 0, cells, width, width, dPt, 0, cells);
    Gemm.multiply(workers, width, in, cells, Matrix.of(dPt, 0, cells), Matrix.of(x, 0, in), Matrix.of(dStacked, 0, in), false);
    Columns.sum(workers, p, 0, cells, width, width, dBias, false);
    for (int part = 0; part < 4; part++) {
      float[] wg = weights[part].grad();
      float[] bg = biases[part].grad();
      for (int i = 0; i < d * in; i++) {
        wg[i] += dStacked[part * d * in + i];
      }
      for (int c = 0; c < d; c++) {
        bg[c] += dBias[part * d + c];
      }
    }
    if (dx != null) {
      Gemm.multiply(workers, cells, in, width, Matrix.of(p, 0, width), Matrix.of(stacked, 0, in), Matrix.of(dx, 0, in), false);
    }
  }

  /** The inverse of {@link #toLanes} (from {@code src[off...]}) for the group's rows that exist. */
  private void fromLanes(float[] src, int off, int g, int columns, float[] dst) {
    for (int lane = 0; lane < L && g * L + lane < rows; lane++) {
      int to = (g * L + lane) * fields * columns;
      for (int i = 0; i < fields * columns; i++) {
        dst[to + i] = src[off + i * L + lane];
      }
    }
  }

  /**
   * LayerNorm and ReLU backward of group g: the gradient of U + R into {@code s.dz} and into
   * dP's residual columns, and the group's lane-wise partial sums for γ and β.
   */
  private void normalizeBackward(int g, Scratch s) {
    float[] gm = gamma.data();
    for (int c = 0; c < d; c++) {
      FloatVector dg = FloatVector.zero(SPECIES);
      FloatVector db = FloatVector.zero(SPECIES);
      for (int i = 0; i < fields; i++) {
        FloatVector dy = FloatVector.fromArray(SPECIES, s.y, (i * d + c) * L);
        dg = dy.fma(FloatVector.fromArray(SPECIES, xt, zAt(g, i, c)), dg);
        db = dy.add(db);
      }
      ZERO.add(dg).intoArray(gammaParts, (g * d + c) * L);
      ZERO.add(db).intoArray(betaParts, (g * d + c) * L);
    }
    for (int i = 0; i < fields; i++) {
      FloatVector meanDx = FloatVector.zero(SPECIES);
      FloatVector meanDxX = FloatVector.zero(SPECIES);
      for (int c = 0; c < d; c++) {
        FloatVector dxh = FloatVector.fromArray(SPECIES, s.y, (i * d + c) * L).mul(gm[c]);
        meanDx = dxh.add(meanDx);
        meanDxX = dxh.fma(FloatVector.fromArray(SPECIES, xt, zAt(g, i, c)), meanDxX);
      }
      FloatVector meanDy = ZERO.add(meanDx).div(d);
      FloatVector meanDyX = ZERO.add(meanDxX).div(d);
      FloatVector invStd = FloatVector.fromArray(SPECIES, inv, (g * fields + i) * L);
      for (int c = 0; c < d; c++) {
        int z = zAt(g, i, c);
        FloatVector dxh = FloatVector.fromArray(SPECIES, s.y, (i * d + c) * L).mul(gm[c]);
        FloatVector dz = dxh.sub(meanDy).sub(FloatVector.fromArray(SPECIES, xt, z).mul(meanDyX)).mul(invStd);
        dz = dz.blend(0f, FloatVector.fromArray(SPECIES, zt, z).compare(VectorOperators.LE, 0f));
        dz.intoArray(s.dz, (i * d + c) * L);
        dz.intoArray(dpt, pAt(g, i, 3 * d + c));
      }
    }
  }

  /** {@code dA[i][j] = Σ_t dU[i][t]·V[j][t]} and {@code dV[j][t] = Σ_i A[i][j]·dU[i][t]}. */
  private void valuesBackward(int g, int h, Scratch s) {
    for (int i = 0; i < fields; i++) {
      for (int j = 0; j < fields; j++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int t = 0; t < dh; t++) {
          acc = FloatVector.fromArray(SPECIES, s.dz, (i * d + h * dh + t) * L)
              .fma(FloatVector.fromArray(SPECIES, pt, pAt(g, j, 2 * d + h * dh + t)), acc);
        }
        ZERO.add(acc).intoArray(s.dA, (i * fields + j) * L);
      }
    }
    for (int j = 0; j < fields; j++) {
      for (int t = 0; t < dh; t++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = 0; i < fields; i++) {
          acc = FloatVector.fromArray(SPECIES, at, aAt(g, h, i, j))
              .fma(FloatVector.fromArray(SPECIES, s.dz, (i * d + h * dh + t) * L), acc);
        }
        ZERO.add(acc).intoArray(dpt, pAt(g, j, 2 * d + h * dh + t));
      }
    }
  }

  /** Softmax backward, scaled by 1/sqrt(dh): {@code dS = A ⊙ (dA − Σ_j A·dA) / sqrt(dh)}, in dA. */
  private void scoresBackward(int g, int h, Scratch s) {
    for (int i = 0; i < fields; i++) {
      FloatVector dot = FloatVector.zero(SPECIES);
      for (int j = 0; j < fields; j++) {
        dot = FloatVector.fromArray(SPECIES, at, aAt(g, h, i, j)).fma(FloatVector.fromArray(SPECIES, s.dA, (i * fields + j) * L), dot);
      }
      for (int j = 0; j < fields; j++) {
        int at0 = (i * fields + j) * L;
        FloatVector.fromArray(SPECIES, s.dA, at0).sub(dot).mul(FloatVector.fromArray(SPECIES, at, aAt(g, h, i, j)))
            .div(sqrtDh).intoArray(s.dA, at0);
      }
    }
  }

  /** {@code dQ[i][t] = Σ_j dS[i][j]·K[j][t]} and {@code dK[j][t] = Σ_i dS[i][j]·Q[i][t]}. */
  private void queriesKeysBackward(int g, int h, Scratch s) {
    for (int i = 0; i < fields; i++) {
      for (int t = 0; t < dh; t++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int j = 0; j < fields; j++) {
          acc = FloatVector.fromArray(SPECIES, s.dA, (i * fields + j) * L)
              .fma(FloatVector.fromArray(SPECIES, pt, pAt(g, j, d + h * dh + t)), acc);
        }
        ZERO.add(acc).intoArray(dpt, pAt(g, i, h * dh + t));
      }
    }
    for (int j = 0; j < fields; j++) {
      for (int t = 0; t < dh; t++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = 0; i < fields; i++) {
          acc = FloatVector.fromArray(SPECIES, s.dA, (i * fields + j) * L)
              .fma(FloatVector.fromArray(SPECIES, pt, pAt(g, i, h * dh + t)), acc);
        }
        ZERO.add(acc).intoArray(dpt, pAt(g, j, d + h * dh + t));
      }
    }
  }

  /** dP is zero where the projection's ReLU was (P ≤ 0). */
  private void reluMask(int g) {
    int from = g * fields * width * L;
    int to = from + fields * width * L;
    for (int i = from; i < to; i += L) {
      FloatVector.fromArray(SPECIES, dpt, i)
          .blend(0f, FloatVector.fromArray(SPECIES, pt, i).compare(VectorOperators.LE, 0f))
          .intoArray(dpt, i);
    }
  }

  /** γ and β gradients: the groups' partial sums added group by group, lane by lane. */
  private void reduceNormGradients() {
    float[] gg = gamma.grad();
    float[] bg = beta.grad();
    for (int c = 0; c < d; c++) {
      float sg = 0f;
      float sb = 0f;
      for (int g = 0; g < groups; g++) {
        for (int lane = 0; lane < L; lane++) {
          sg += gammaParts[(g * d + c) * L + lane];
          sb += betaParts[(g * d + c) * L + lane];
        }
      }
      gg[c] += sg;
      bg[c] += sb;
    }
  }
}
