package io.sqlscore.udf.cpu;

import io.sqlscore.model.SafeTensors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One AutoInt interacting layer (MODELS.md section 6, step 2) over a block of rows: one GEMM
 * gives ReLU(Q), ReLU(K), ReLU(V) and ReLU(residual) side by side, then per row and head the
 * scaled dot products, the softmax over keys, the weighted sum of values, ReLU after the
 * residual and LayerNorm (eps 1e-8).
 *
 * <p>Per row the work runs with the queries i in vector lanes: Q and the residual are
 * transposed to {@code [column][i]}, scores are held as {@code st[j][i]} so the softmax over keys
 * j is element-wise across rows, and LayerNorm runs across lanes too. Public so that the
 * kernel benchmarks can time it.
 */
public final class InteractingLayer {
  private static final VectorSpecies<Float> SPECIES = VectorMath.FLOATS;
  private static final int LANES = SPECIES.length();
  private static final float LAYER_NORM_EPS = 1e-8f;

  private final int fields;
  private final int heads;
  private final int in;
  private final int d;
  private final int paddedFields;
  private final DenseLayer projection;
  private final float[] gamma;
  private final float[] beta;

  /** Per-call working memory for up to {@code rows} rows. */
  public final class Workspace {
    final float[] projected;
    final float[] qt;
    final float[] st;
    final float[] ut;
    final float[] rt;
    final float[] lane;
    final double[] expWork;

    Workspace(int rows) {
      this.projected = new float[rows * fields * 4 * d];
      this.qt = new float[d / heads * paddedFields];
      this.st = new float[fields * paddedFields];
      this.ut = new float[d * paddedFields];
      this.rt = new float[d * paddedFields];
      this.lane = new float[LANES];
      this.expWork = new double[fields * paddedFields];
    }
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
    this.paddedFields = (fields + LANES - 1) / LANES * LANES;
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
    this.projection = DenseLayer.fromColumns(columns, bias, in, 4 * d, true);
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

  /** Working memory for blocks of up to {@code rows} rows. */
  public Workspace newWorkspace(int rows) {
    return new Workspace(rows);
  }

  /**
   * Runs {@code rows} rows: {@code x[(r*F + f)*in + c]} in, {@code out[(r*F + f)*d + c]} out.
   * When {@code attention} is not null, row r's maps go to
   * {@code attention[((firstRow + r)*H + h)*F*F + i*F + j]}.
   */
  public void forward(float[] x, int rows, float[] out, float[] attention, int firstRow, Workspace s) {
    projection.apply(x, 0, in, rows * fields, s.projected, 0, 4 * d);
    for (int r = 0; r < rows; r++) {
      interact(s, r, firstRow + r, out, attention);
    }
  }

  /** The attention, residual and LayerNorm of one row of the block. */
  private void interact(Workspace s, int r, int b, float[] out, float[] attention) {
    int dh = d / heads;
    int width = 4 * d;
    int rowBase = r * fields * width;
    int fp = paddedFields;
    float sqrtDh = (float) Math.sqrt(dh);
    float[] p = s.projected;
    for (int h = 0; h < heads; h++) {
      int q = rowBase + h * dh;
      for (int t = 0; t < dh; t++) {
        for (int i = 0; i < fields; i++) {
          s.qt[t * fp + i] = p[q + i * width + t];
        }
      }
      scores(s, p, q, width, fp, dh, sqrtDh);
      softmaxOverKeys(s, fp);
      if (attention != null) {
        for (int i = 0; i < fields; i++) {
          for (int j = 0; j < fields; j++) {
            attention[((b * heads + h) * fields + i) * fields + j] = s.st[j * fp + i];
          }
        }
      }
      weightedValues(s, p, q + 2 * d, width, fp, dh, h * dh);
    }
    for (int i = 0; i < fields; i++) {
      for (int c = 0; c < d; c++) {
        s.rt[c * fp + i] = p[rowBase + i * width + 3 * d + c];
      }
    }
    layerNorm(s, fp, out, r * fields * d);
  }

  /**
   * {@code st[j][i] = (Σ_t K[j][t] · Q[i][t]) / sqrt(dh)} for one head, with Q read from
   * {@code qt[t][i]} and K from the projections at {@code q + j*width + d}.
   */
  private void scores(Workspace s, float[] p, int q, int width, int fp, int dh, float sqrtDh) {
    for (int j = 0; j < fields; j++) {
      int k = q + j * width + d;
      for (int c = 0; c < fp; c += LANES) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int t = 0; t < dh; t++) {
          acc = FloatVector.broadcast(SPECIES, p[k + t]).fma(FloatVector.fromArray(SPECIES, s.qt, t * fp + c), acc);
        }
        acc.div(sqrtDh).intoArray(s.st, j * fp + c);
      }
    }
  }

  /** {@code ut[column + t][i] = Σ_j A[i][j] · V[j][t]} for one head, V at {@code v + j*width}. */
  private void weightedValues(Workspace s, float[] p, int v, int width, int fp, int dh, int column) {
    for (int t = 0; t < dh; t++) {
      for (int c = 0; c < fp; c += LANES) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int j = 0; j < fields; j++) {
          acc = FloatVector.fromArray(SPECIES, s.st, j * fp + c).fma(FloatVector.broadcast(SPECIES, p[v + j * width + t]), acc);
        }
        acc.intoArray(s.ut, (column + t) * fp + c);
      }
    }
  }

  /** Softmax over keys j of {@code st[j][i]}, for every query lane i. */
  private void softmaxOverKeys(Workspace s, int fp) {
    for (int c = 0; c < fp; c += LANES) {
      FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      for (int j = 0; j < fields; j++) {
        max = max.max(FloatVector.fromArray(SPECIES, s.st, j * fp + c));
      }
      for (int j = 0; j < fields; j++) {
        FloatVector.fromArray(SPECIES, s.st, j * fp + c).sub(max).intoArray(s.st, j * fp + c);
      }
    }
    VectorMath.exp(s.st, 0, fields * fp, s.expWork);
    normalizeOverKeys(s, fp);
  }

  /**
   * Divides {@code st[j][i]} by its sum over keys j (in key order). Kept apart from the exp so
   * that each method stays within what the JIT inlines and intrinsifies as a whole.
   */
  private void normalizeOverKeys(Workspace s, int fp) {
    for (int c = 0; c < fp; c += LANES) {
      FloatVector sum = FloatVector.zero(SPECIES);
      for (int j = 0; j < fields; j++) {
        sum = sum.add(FloatVector.fromArray(SPECIES, s.st, j * fp + c));
      }
      for (int j = 0; j < fields; j++) {
        FloatVector.fromArray(SPECIES, s.st, j * fp + c).div(sum).intoArray(s.st, j * fp + c);
      }
    }
  }

  /**
   * {@code Z = ReLU(U + R)} then LayerNorm over the d columns of each query lane, written back
   * row-major to {@code out[outOff + i*d + c]}.
   */
  private void layerNorm(Workspace s, int fp, float[] out, int outOff) {
    for (int c0 = 0; c0 < fp; c0 += LANES) {
      FloatVector sum = FloatVector.zero(SPECIES);
      for (int c = 0; c < d; c++) {
        int at = c * fp + c0;
        FloatVector z = FloatVector.fromArray(SPECIES, s.ut, at).add(FloatVector.fromArray(SPECIES, s.rt, at)).max(0f);
        z.intoArray(s.ut, at);
        sum = sum.add(z);
      }
      FloatVector mean = sum.div(d);
      FloatVector squares = FloatVector.zero(SPECIES);
      for (int c = 0; c < d; c++) {
        FloatVector centered = FloatVector.fromArray(SPECIES, s.ut, c * fp + c0).sub(mean);
        squares = centered.fma(centered, squares);
      }
      FloatVector std = squares.div(d).add(LAYER_NORM_EPS).lanewise(VectorOperators.SQRT);
      for (int c = 0; c < d; c++) {
        FloatVector y =
            FloatVector.fromArray(SPECIES, s.ut, c * fp + c0).sub(mean).div(std).mul(gamma[c]).add(beta[c]);
        y.intoArray(s.lane, 0);
        for (int i = c0; i < Math.min(fields, c0 + LANES); i++) {
          out[outOff + i * d + c] = s.lane[i - c0];
        }
      }
    }
  }
}
