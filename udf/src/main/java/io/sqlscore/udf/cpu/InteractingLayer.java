package io.sqlscore.udf.cpu;

import io.sqlscore.model.SafeTensors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One AutoInt interacting layer (MODELS.md section 6, step 2) over a block of
 * {@link #LANES} rows held lane-major: every value of the layer (an input, a projection, a
 * score, an output) is one vector holding it for all the block's rows, one row per lane. One
 * GEMM ({@link LaneDense}) gives ReLU(Q), ReLU(K), ReLU(V) and ReLU(residual) side by side; per
 * head the scaled dot products, the softmax over keys and the weighted sum of values are plain
 * vector multiply-adds over the fields; then ReLU after the residual and LayerNorm (eps 1e-8).
 * Nothing is transposed, no lane is padding (the fields are not in lanes), and a block's
 * activations stay in cache through the layer.
 *
 * <p>Every value is computed in the order of the row-at-a-time formulation (sums over t, keys
 * and columns in index order, the scale divided after the sum), so a row's result does not
 * depend on its lane or block. Public so that the kernel benchmarks can time it.
 */
public final class InteractingLayer {
  private static final VectorSpecies<Float> SPECIES = VectorMath.FLOATS;
  /** Rows per block. */
  public static final int LANES = SPECIES.length();
  private static final float LAYER_NORM_EPS = 1e-8f;

  private final int fields;
  private final int heads;
  private final int in;
  private final int d;
  private final int dh;
  private final float sqrtDh;
  private final LaneDense projection;
  private final float[] gamma;
  private final float[] beta;

  /** Working memory for one block. */
  public final class Workspace {
    final float[] projected = new float[fields * 4 * d * LANES];
    final float[] scores = new float[fields * fields * LANES];
    final float[] values = new float[fields * d * LANES];
    final float[] lane = new float[LANES];
  }

  /**
   * A layer of width {@code d} over inputs of width {@code in}, from PyTorch Linear weights
   * {@code [d, in]} and biases {@code [d]} of W_q, W_k, W_v, W_res, and LayerNorm's weight and
   * bias {@code [d]}.
   */
  public InteractingLayer(
      int fields, int heads, int in, int d, float[][] weights, float[][] biases, float[] gamma, float[] beta) {
    this.fields = fields;
    this.heads = heads;
    this.in = in;
    this.d = d;
    this.dh = d / heads;
    this.sqrtDh = (float) Math.sqrt(dh);
    float[] columns = new float[in * 4 * d];
    float[] bias = new float[4 * d];
    for (int part = 0; part < 4; part++) {
      for (int c = 0; c < d; c++) {
        for (int p = 0; p < in; p++) {
          columns[p * 4 * d + part * d + c] = weights[part][c * in + p];
        }
        bias[part * d + c] = biases[part][c];
      }
    }
    this.projection = LaneDense.fromColumns(columns, bias, in, 4 * d, true);
    this.gamma = gamma;
    this.beta = beta;
  }

  /** Loads {@code attn_layers.<layer>.*} from a package's weights. */
  static InteractingLayer load(SafeTensors w, int layer, int fields, int heads, int in, int d) {
    String prefix = "attn_layers." + layer + ".";
    String[] names = {"W_q", "W_k", "W_v", "W_res"};
    float[][] weights = new float[4][];
    float[][] biases = new float[4][];
    for (int part = 0; part < 4; part++) {
      weights[part] = w.floats(prefix + names[part] + ".weight");
      biases[part] = w.floats(prefix + names[part] + ".bias");
    }
    return new InteractingLayer(
        fields, heads, in, d, weights, biases, w.floats(prefix + "layer_norm.weight"), w.floats(prefix + "layer_norm.bias"));
  }

  /** Bytes of packed weights and LayerNorm parameters. */
  long memoryBytes() {
    return projection.memoryBytes() + 8L * d;
  }

  /** Working memory for {@link #forward}. */
  public Workspace newWorkspace() {
    return new Workspace();
  }

  /**
   * Runs one block: {@code x[xOff + (i·in + p)·LANES + r]} in, {@code out[(i·d + c)·LANES + r]}
   * out, for field i and row (lane) r. When {@code attention} is not null, the maps of the block's
   * first {@code rows} rows go to {@code attention[((firstRow + r)·H + h)·F·F + i·F + j]}; the
   * other lanes are computed and ignored.
   */
  public void forward(float[] x, int xOff, float[] out, float[] attention, int firstRow, int rows, Workspace s) {
    projection.apply(x, xOff, in * LANES, s.projected, 0, 4 * d * LANES, fields);
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < fields; i++) {
        scores(s, h, i);
      }
      softmaxOverKeys(s);
      if (attention != null) {
        export(s, attention, h, firstRow, rows);
      }
      for (int i = 0; i < fields; i++) {
        weightedValues(s, h, i);
      }
    }
    for (int i = 0; i < fields; i++) {
      layerNorm(s, i, out);
    }
  }

  private int projected(int field, int column) {
    return (field * 4 * d + column) * LANES;
  }

  /** {@code S[i][j] = (Σ_t K[j][t] · Q[i][t]) / sqrt(dh)} of head h for query i, keys four at a time. */
  private void scores(Workspace s, int h, int i) {
    int q = projected(i, h * dh);
    int j = 0;
    for (; j + 4 <= fields; j += 4) {
      int k = projected(j, d + h * dh);
      int step = 4 * d * LANES;
      FloatVector a0 = FloatVector.zero(SPECIES);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      for (int t = 0; t < dh; t++) {
        FloatVector query = FloatVector.fromArray(SPECIES, s.projected, q + t * LANES);
        int kt = k + t * LANES;
        a0 = FloatVector.fromArray(SPECIES, s.projected, kt).fma(query, a0);
        a1 = FloatVector.fromArray(SPECIES, s.projected, kt + step).fma(query, a1);
        a2 = FloatVector.fromArray(SPECIES, s.projected, kt + 2 * step).fma(query, a2);
        a3 = FloatVector.fromArray(SPECIES, s.projected, kt + 3 * step).fma(query, a3);
      }
      int at = (i * fields + j) * LANES;
      a0.div(sqrtDh).intoArray(s.scores, at);
      a1.div(sqrtDh).intoArray(s.scores, at + LANES);
      a2.div(sqrtDh).intoArray(s.scores, at + 2 * LANES);
      a3.div(sqrtDh).intoArray(s.scores, at + 3 * LANES);
    }
    for (; j < fields; j++) {
      int k = projected(j, d + h * dh);
      FloatVector a = FloatVector.zero(SPECIES);
      for (int t = 0; t < dh; t++) {
        a = FloatVector.fromArray(SPECIES, s.projected, k + t * LANES)
            .fma(FloatVector.fromArray(SPECIES, s.projected, q + t * LANES), a);
      }
      a.div(sqrtDh).intoArray(s.scores, (i * fields + j) * LANES);
    }
  }

  /** Softmax over keys j of every {@code S[i][j]}: the maximum subtracted, exp, then the sums. */
  private void softmaxOverKeys(Workspace s) {
    for (int i = 0; i < fields; i++) {
      int row = i * fields * LANES;
      FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      for (int j = 0; j < fields; j++) {
        max = max.max(FloatVector.fromArray(SPECIES, s.scores, row + j * LANES));
      }
      for (int j = 0; j < fields; j++) {
        FloatVector.fromArray(SPECIES, s.scores, row + j * LANES).sub(max).intoArray(s.scores, row + j * LANES);
      }
    }
    VectorMath.exp(s.scores, 0, fields * fields * LANES);
    for (int i = 0; i < fields; i++) {
      normalize(s, i * fields * LANES);
    }
  }

  /**
   * Divides {@code S[i][j]} by its sum over keys j (in key order). Kept apart from the exp so
   * that each method stays within what the JIT inlines and intrinsifies as a whole.
   */
  private void normalize(Workspace s, int row) {
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int j = 0; j < fields; j++) {
      sum = sum.add(FloatVector.fromArray(SPECIES, s.scores, row + j * LANES));
    }
    for (int j = 0; j < fields; j++) {
      FloatVector.fromArray(SPECIES, s.scores, row + j * LANES).div(sum).intoArray(s.scores, row + j * LANES);
    }
  }

  /** {@code U[i][h·dh + t] = Σ_j A[i][j] · V[j][h·dh + t]}, four columns t at a time. */
  private void weightedValues(Workspace s, int h, int i) {
    int a = i * fields * LANES;
    int step = 4 * d * LANES;
    int t = 0;
    for (; t + 4 <= dh; t += 4) {
      int v = projected(0, 2 * d + h * dh + t);
      FloatVector u0 = FloatVector.zero(SPECIES);
      FloatVector u1 = u0;
      FloatVector u2 = u0;
      FloatVector u3 = u0;
      for (int j = 0; j < fields; j++) {
        FloatVector weight = FloatVector.fromArray(SPECIES, s.scores, a + j * LANES);
        int vj = v + j * step;
        u0 = weight.fma(FloatVector.fromArray(SPECIES, s.projected, vj), u0);
        u1 = weight.fma(FloatVector.fromArray(SPECIES, s.projected, vj + LANES), u1);
        u2 = weight.fma(FloatVector.fromArray(SPECIES, s.projected, vj + 2 * LANES), u2);
        u3 = weight.fma(FloatVector.fromArray(SPECIES, s.projected, vj + 3 * LANES), u3);
      }
      int at = (i * d + h * dh + t) * LANES;
      u0.intoArray(s.values, at);
      u1.intoArray(s.values, at + LANES);
      u2.intoArray(s.values, at + 2 * LANES);
      u3.intoArray(s.values, at + 3 * LANES);
    }
    for (; t < dh; t++) {
      int v = projected(0, 2 * d + h * dh + t);
      FloatVector u = FloatVector.zero(SPECIES);
      for (int j = 0; j < fields; j++) {
        u = FloatVector.fromArray(SPECIES, s.scores, a + j * LANES)
            .fma(FloatVector.fromArray(SPECIES, s.projected, v + j * step), u);
      }
      u.intoArray(s.values, (i * d + h * dh + t) * LANES);
    }
  }

  /** {@code Z = ReLU(U + R)} then LayerNorm over the d columns of field i, into {@code out}. */
  private void layerNorm(Workspace s, int i, float[] out) {
    int u = i * d * LANES;
    int r = projected(i, 3 * d);
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int c = 0; c < d; c++) {
      FloatVector z = FloatVector.fromArray(SPECIES, s.values, u + c * LANES)
          .add(FloatVector.fromArray(SPECIES, s.projected, r + c * LANES))
          .max(0f);
      z.intoArray(s.values, u + c * LANES);
      sum = sum.add(z);
    }
    FloatVector mean = sum.div(d);
    FloatVector squares = FloatVector.zero(SPECIES);
    for (int c = 0; c < d; c++) {
      FloatVector centered = FloatVector.fromArray(SPECIES, s.values, u + c * LANES).sub(mean);
      squares = centered.fma(centered, squares);
    }
    FloatVector std = squares.div(d).add(LAYER_NORM_EPS).lanewise(VectorOperators.SQRT);
    for (int c = 0; c < d; c++) {
      FloatVector.fromArray(SPECIES, s.values, u + c * LANES)
          .sub(mean)
          .div(std)
          .mul(gamma[c])
          .add(beta[c])
          .intoArray(out, u + c * LANES);
    }
  }

  /** Head h's attention maps of the block's first {@code rows} rows, out of the lanes. */
  private void export(Workspace s, float[] attention, int h, int firstRow, int rows) {
    int maps = fields * fields;
    for (int ij = 0; ij < maps; ij++) {
      System.arraycopy(s.scores, ij * LANES, s.lane, 0, LANES);
      for (int r = 0; r < rows; r++) {
        attention[((firstRow + r) * heads + h) * maps + ij] = s.lane[r];
      }
    }
  }
}
