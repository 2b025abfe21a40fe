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
 * <p>The multiply-adds run in tiles of eight independent sums (two queries by four keys, two
 * queries by four value columns, two fields' LayerNorm), so that their latency does not bound
 * them; keys are padded to a multiple of four with zero projections whose scores are never used.
 * Every sum runs in index order, and every row in its own lane, so a row's result does not
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
  private final float invSqrtDh;
  /** Fields rounded up to a multiple of 4: keys go four at a time, the extra ones are zero. */
  private final int keys;
  /** Floats from one field's projections to the next: 4d columns and one more, so that the
   * fields' rows do not sit a multiple of 4 KiB apart (which makes loads wait on unrelated stores). */
  private final int fieldStride;
  private final LaneDense projection;
  private final float[] gamma;
  private final float[] beta;

  /** Working memory for one block. */
  public final class Workspace {
    final float[] projected = new float[keys * fieldStride];
    final float[] scores = new float[fields * keys * LANES];
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
    this.invSqrtDh = 1f / (float) Math.sqrt(dh);
    this.keys = (fields + 3) / 4 * 4;
    this.fieldStride = (4 * d + 1) * LANES;
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
   * Runs one block: {@code x[xOff + (i·in + p)·LANES + r]} in,
   * {@code out[outOff + (i·d + c)·LANES + r]} out, for field i and row (lane) r. When
   * {@code attention} is not null, the maps of the block's first {@code rows} rows go to
   * {@code attention[((firstRow + r)·H + h)·F·F + i·F + j]}; the other lanes are computed and
   * ignored.
   */
  public void forward(
      float[] x, int xOff, float[] out, int outOff, float[] attention, int firstRow, int rows, Workspace s) {
    projection.apply(x, xOff, in * LANES, s.projected, 0, fieldStride, fields);
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < fields; i += 2) {
        int i1 = Math.min(i + 1, fields - 1);
        for (int j = 0; j < keys; j += 4) {
          scores(s, h, i, i1, j);
        }
      }
      softmaxOverKeys(s);
      if (attention != null) {
        export(s, attention, h, firstRow, rows);
      }
      for (int i = 0; i < fields; i += 2) {
        weightedValues(s, h, i, Math.min(i + 1, fields - 1));
      }
    }
    for (int i = 0; i < fields; i += 2) {
      layerNorm(s, i, Math.min(i + 1, fields - 1), out, outOff);
    }
  }

  private int projected(int field, int column) {
    return field * fieldStride + column * LANES;
  }

  /**
   * {@code S[i][j] = (Σ_t K[j][t] · Q[i][t]) / sqrt(dh)} of head h for queries i0, i1 and keys
   * j .. j+3: eight independent sums, enough to keep both FMA pipes busy. A last odd query is
   * its own pair (computed twice).
   */
  private void scores(Workspace s, int h, int i0, int i1, int j) {
    int q0 = projected(i0, h * dh);
    int q1 = projected(i1, h * dh);
    int k = projected(j, d + h * dh);
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    FloatVector b2 = a0;
    FloatVector b3 = a0;
    for (int t = 0; t < dh; t++) {
      FloatVector qa = FloatVector.fromArray(SPECIES, s.projected, q0 + t * LANES);
      FloatVector qb = FloatVector.fromArray(SPECIES, s.projected, q1 + t * LANES);
      int kt = k + t * LANES;
      FloatVector key = FloatVector.fromArray(SPECIES, s.projected, kt);
      a0 = key.fma(qa, a0);
      b0 = key.fma(qb, b0);
      key = FloatVector.fromArray(SPECIES, s.projected, kt + fieldStride);
      a1 = key.fma(qa, a1);
      b1 = key.fma(qb, b1);
      key = FloatVector.fromArray(SPECIES, s.projected, kt + 2 * fieldStride);
      a2 = key.fma(qa, a2);
      b2 = key.fma(qb, b2);
      key = FloatVector.fromArray(SPECIES, s.projected, kt + 3 * fieldStride);
      a3 = key.fma(qa, a3);
      b3 = key.fma(qb, b3);
    }
    int at = (i0 * keys + j) * LANES;
    a0.mul(invSqrtDh).intoArray(s.scores, at);
    a1.mul(invSqrtDh).intoArray(s.scores, at + LANES);
    a2.mul(invSqrtDh).intoArray(s.scores, at + 2 * LANES);
    a3.mul(invSqrtDh).intoArray(s.scores, at + 3 * LANES);
    at = (i1 * keys + j) * LANES;
    b0.mul(invSqrtDh).intoArray(s.scores, at);
    b1.mul(invSqrtDh).intoArray(s.scores, at + LANES);
    b2.mul(invSqrtDh).intoArray(s.scores, at + 2 * LANES);
    b3.mul(invSqrtDh).intoArray(s.scores, at + 3 * LANES);
  }

  /** Softmax over keys j of every {@code S[i][j]}: the maximum subtracted, exp, then the sums. */
  private void softmaxOverKeys(Workspace s) {
    for (int i = 0; i < fields; i++) {
      int row = i * keys * LANES;
      FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      for (int j = 0; j < fields; j++) {
        max = max.max(FloatVector.fromArray(SPECIES, s.scores, row + j * LANES));
      }
      for (int j = 0; j < fields; j++) {
        FloatVector.fromArray(SPECIES, s.scores, row + j * LANES).sub(max).intoArray(s.scores, row + j * LANES);
      }
    }
    for (int i = 0; i < fields; i++) {
      VectorMath.exp(s.scores, i * keys * LANES, (i * keys + fields) * LANES);
      normalize(s, i * keys * LANES);
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

  /**
   * {@code U[i][h·dh + t] = Σ_j A[i][j] · V[j][h·dh + t]} for queries i0, i1 and four columns
   * t at a time (eight independent sums), then one column at a time.
   */
  private void weightedValues(Workspace s, int h, int i0, int i1) {
    int a = i0 * keys * LANES;
    int b = i1 * keys * LANES;
    int t = 0;
    for (; t + 4 <= dh; t += 4) {
      int v = projected(0, 2 * d + h * dh + t);
      FloatVector u0 = FloatVector.zero(SPECIES);
      FloatVector u1 = u0;
      FloatVector u2 = u0;
      FloatVector u3 = u0;
      FloatVector w0 = u0;
      FloatVector w1 = u0;
      FloatVector w2 = u0;
      FloatVector w3 = u0;
      for (int j = 0; j < fields; j++) {
        FloatVector pa = FloatVector.fromArray(SPECIES, s.scores, a + j * LANES);
        FloatVector pb = FloatVector.fromArray(SPECIES, s.scores, b + j * LANES);
        int vj = v + j * fieldStride;
        FloatVector value = FloatVector.fromArray(SPECIES, s.projected, vj);
        u0 = pa.fma(value, u0);
        w0 = pb.fma(value, w0);
        value = FloatVector.fromArray(SPECIES, s.projected, vj + LANES);
        u1 = pa.fma(value, u1);
        w1 = pb.fma(value, w1);
        value = FloatVector.fromArray(SPECIES, s.projected, vj + 2 * LANES);
        u2 = pa.fma(value, u2);
        w2 = pb.fma(value, w2);
        value = FloatVector.fromArray(SPECIES, s.projected, vj + 3 * LANES);
        u3 = pa.fma(value, u3);
        w3 = pb.fma(value, w3);
      }
      int at = (i0 * d + h * dh + t) * LANES;
      u0.intoArray(s.values, at);
      u1.intoArray(s.values, at + LANES);
      u2.intoArray(s.values, at + 2 * LANES);
      u3.intoArray(s.values, at + 3 * LANES);
      at = (i1 * d + h * dh + t) * LANES;
      w0.intoArray(s.values, at);
      w1.intoArray(s.values, at + LANES);
      w2.intoArray(s.values, at + 2 * LANES);
      w3.intoArray(s.values, at + 3 * LANES);
    }
    for (; t < dh; t++) {
      int v = projected(0, 2 * d + h * dh + t);
      FloatVector u = FloatVector.zero(SPECIES);
      FloatVector w = u;
      for (int j = 0; j < fields; j++) {
        FloatVector value = FloatVector.fromArray(SPECIES, s.projected, v + j * fieldStride);
        u = FloatVector.fromArray(SPECIES, s.scores, a + j * LANES).fma(value, u);
        w = FloatVector.fromArray(SPECIES, s.scores, b + j * LANES).fma(value, w);
      }
      u.intoArray(s.values, (i0 * d + h * dh + t) * LANES);
      w.intoArray(s.values, (i1 * d + h * dh + t) * LANES);
    }
  }

  /**
   * {@code Z = ReLU(U + R)} then LayerNorm over the d columns of fields i0 and i1 (their sums
   * interleaved: two dependency chains instead of one), into {@code out} from {@code outOff}.
   */
  private void layerNorm(Workspace s, int i0, int i1, float[] out, int outOff) {
    int u0 = i0 * d * LANES;
    int u1 = i1 * d * LANES;
    int r0 = projected(i0, 3 * d);
    int r1 = projected(i1, 3 * d);
    FloatVector sum0 = FloatVector.zero(SPECIES);
    FloatVector sum1 = sum0;
    for (int c = 0; c < d; c++) {
      FloatVector z0 = FloatVector.fromArray(SPECIES, s.values, u0 + c * LANES)
          .add(FloatVector.fromArray(SPECIES, s.projected, r0 + c * LANES))
          .max(0f);
      FloatVector z1 = FloatVector.fromArray(SPECIES, s.values, u1 + c * LANES)
          .add(FloatVector.fromArray(SPECIES, s.projected, r1 + c * LANES))
          .max(0f);
      z0.intoArray(s.values, u0 + c * LANES);
      z1.intoArray(s.values, u1 + c * LANES);
      sum0 = sum0.add(z0);
      sum1 = sum1.add(z1);
    }
    FloatVector mean0 = sum0.div(d);
    FloatVector mean1 = sum1.div(d);
    FloatVector squares0 = FloatVector.zero(SPECIES);
    FloatVector squares1 = squares0;
    for (int c = 0; c < d; c++) {
      FloatVector centered0 = FloatVector.fromArray(SPECIES, s.values, u0 + c * LANES).sub(mean0);
      FloatVector centered1 = FloatVector.fromArray(SPECIES, s.values, u1 + c * LANES).sub(mean1);
      squares0 = centered0.fma(centered0, squares0);
      squares1 = centered1.fma(centered1, squares1);
    }
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector inverse0 = one.div(squares0.div(d).add(LAYER_NORM_EPS).lanewise(VectorOperators.SQRT));
    FloatVector inverse1 = one.div(squares1.div(d).add(LAYER_NORM_EPS).lanewise(VectorOperators.SQRT));
    for (int c = 0; c < d; c++) {
      FloatVector.fromArray(SPECIES, s.values, u0 + c * LANES)
          .sub(mean0)
          .mul(inverse0)
          .fma(gamma[c], beta[c])
          .intoArray(out, outOff + u0 + c * LANES);
      FloatVector.fromArray(SPECIES, s.values, u1 + c * LANES)
          .sub(mean1)
          .mul(inverse1)
          .fma(gamma[c], beta[c])
          .intoArray(out, outOff + u1 + c * LANES);
    }
  }

  /** Head h's attention maps of the block's first {@code rows} rows, out of the lanes. */
  private void export(Workspace s, float[] attention, int h, int firstRow, int rows) {
    int maps = fields * fields;
    for (int i = 0; i < fields; i++) {
      for (int j = 0; j < fields; j++) {
        System.arraycopy(s.scores, (i * keys + j) * LANES, s.lane, 0, LANES);
        for (int r = 0; r < rows; r++) {
          attention[((firstRow + r) * heads + h) * maps + i * fields + j] = s.lane[r];
        }
      }
    }
  }
}
