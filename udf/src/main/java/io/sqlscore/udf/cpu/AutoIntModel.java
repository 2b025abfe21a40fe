package io.sqlscore.udf.cpu;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Output;
import io.sqlscore.udf.Outputs;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * AutoInt and AutoInt+ (MODELS.md sections 6 and 7) on the CPU.
 *
 * <p>Per tile of rows: unclamped embeddings; per interacting layer one GEMM produces ReLU(Q),
 * ReLU(K), ReLU(V) and ReLU(residual) side by side, then per row and head the scaled dot
 * products, a softmax over keys, the weighted sum of values, ReLU after the residual and
 * LayerNorm (eps 1e-8), all with the row's queries in vector lanes; finally {@code attn_fc},
 * plus the DNN branch on the same embeddings for AutoInt+.
 */
final class AutoIntModel implements CompiledModel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int TILE = 64;
  private static final float LAYER_NORM_EPS = 1e-8f;
  private static final int LANES = SPECIES.length();

  private final ModelConfig config;
  private final int fields;
  private final int emb;
  private final int heads;
  private final int[] dims;
  private final int paddedFields;
  private final EmbeddingTable embedding;
  private final DenseLayer[] projections;
  private final float[][] normWeight;
  private final float[][] normBias;
  private final DenseLayer attnFc;
  private final Mlp deepMlp;

  AutoIntModel(ModelPackage pkg) {
    this.config = pkg.config();
    SafeTensors w = pkg.weights();
    this.fields = config.nfield();
    this.emb = config.nemb();
    this.heads = config.nhead();
    this.dims = config.attnDims();
    this.paddedFields = (fields + LANES - 1) / LANES * LANES;
    this.embedding = new EmbeddingTable(w.floats("embedding.embedding.weight"), emb);
    this.projections = new DenseLayer[dims.length];
    this.normWeight = new float[dims.length][];
    this.normBias = new float[dims.length][];
    int in = emb;
    for (int l = 0; l < dims.length; l++) {
      projections[l] = projection(w, "attn_layers." + l + ".", in, dims[l]);
      normWeight[l] = w.floats("attn_layers." + l + ".layer_norm.weight");
      normBias[l] = w.floats("attn_layers." + l + ".layer_norm.bias");
      in = dims[l];
    }
    this.attnFc = DenseLayer.fromLinear(w.floats("attn_fc.weight"), w.floats("attn_fc.bias"), 1, fields * in, false);
    this.deepMlp =
        config.kind() == ModelKind.AUTOINT_PLUS
            ? Mlp.load(w, "deep_mlp", fields * emb, config.deepLayers(), config.deepHidden(), weight -> weight)
            : null;
  }

  /** W_q, W_k, W_v and W_res as one [in, 4d] matrix with ReLU on every output. */
  private static DenseLayer projection(SafeTensors w, String prefix, int in, int d) {
    float[] columns = new float[in * 4 * d];
    float[] bias = new float[4 * d];
    String[] names = {"W_q", "W_k", "W_v", "W_res"};
    for (int part = 0; part < 4; part++) {
      float[] weight = w.floats(prefix + names[part] + ".weight");
      float[] b = w.floats(prefix + names[part] + ".bias");
      for (int c = 0; c < d; c++) {
        for (int p = 0; p < in; p++) {
          columns[p * 4 * d + part * d + c] = weight[c * in + p];
        }
        bias[part * d + c] = b[c];
      }
    }
    return DenseLayer.fromColumns(columns, bias, in, 4 * d, true);
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public long memoryBytes() {
    long bytes = embedding.memoryBytes() + attnFc.memoryBytes() + (deepMlp == null ? 0 : deepMlp.memoryBytes());
    for (int l = 0; l < dims.length; l++) {
      bytes += projections[l].memoryBytes() + 8L * dims[l];
    }
    return bytes;
  }

  @Override
  public void close() {
    // Heap arrays only: nothing to release beyond dropping the reference.
  }

  @Override
  public ForwardResult forward(FeatureBatch batch, Outputs outputs) {
    batch.checkFits(config);
    int rows = batch.rows();
    float[][] attention = null;
    if (outputs.contains(Output.ATTENTION)) {
      attention = new float[dims.length][rows * heads * fields * fields];
    }
    double[] logits = new double[rows];
    double[] scores = new double[rows];
    Scratch scratch = new Scratch(Math.min(rows, TILE));
    for (int start = 0; start < rows; start += TILE) {
      int count = Math.min(TILE, rows - start);
      forwardTile(batch, start, count, scratch, attention);
      for (int r = 0; r < count; r++) {
        logits[start + r] = scratch.logit[r];
        scores[start + r] = config.task().score(scratch.logit[r]);
      }
    }
    return new ForwardResult(rows, fields, 0, 0, heads, logits, scores, null, null, null, attention);
  }

  /** Per-call working memory for one tile of rows. */
  private final class Scratch {
    final float[] emb;
    final float[] projected;
    final float[] x;
    final float[] next;
    final float[] qt;
    final float[] st;
    final float[] ut;
    final float[] rt;
    final float[] lane;
    final float[] tmpA;
    final float[] tmpB;
    final float[] logit;
    final float[] deep;

    Scratch(int tile) {
      int widest = Arrays.stream(dims).max().orElse(1);
      this.emb = new float[tile * fields * AutoIntModel.this.emb];
      this.projected = new float[tile * fields * 4 * widest];
      this.x = new float[tile * fields * widest];
      this.next = new float[tile * fields * widest];
      this.qt = new float[widest * paddedFields];
      this.st = new float[fields * paddedFields];
      this.ut = new float[widest * paddedFields];
      this.rt = new float[widest * paddedFields];
      this.lane = new float[LANES];
      int width = deepMlp == null ? 1 : deepMlp.scratchPerRow();
      this.tmpA = new float[tile * width];
      this.tmpB = new float[tile * width];
      this.logit = new float[tile];
      this.deep = new float[tile];
    }
  }

  private void forwardTile(FeatureBatch batch, int start, int count, Scratch s, float[][] attention) {
    embedding.gather(batch.ids(), batch.values(), start * fields, count * fields, false, s.emb);
    float[] x = s.emb;
    float[] next = s.x;
    int in = emb;
    for (int l = 0; l < dims.length; l++) {
      int d = dims[l];
      projections[l].apply(x, 0, in, count * fields, s.projected, 0, 4 * d);
      for (int r = 0; r < count; r++) {
        interact(s, l, r, start + r, next, attention == null ? null : attention[l]);
      }
      x = next;
      next = next == s.x ? s.next : s.x;
      in = d;
    }
    attnFc.apply(x, 0, fields * in, count, s.logit, 0, 1);
    if (deepMlp != null) {
      deepMlp.apply(s.emb, 0, fields * emb, count, s.deep, 0, s.tmpA, s.tmpB);
      for (int r = 0; r < count; r++) {
        s.logit[r] += s.deep[r];
      }
    }
  }

  /**
   * One interacting layer for one row. Work runs with queries i in vector lanes: Q and the
   * residual are transposed to {@code [column][i]}, scores are held as {@code st[j][i]} so the
   * softmax over keys j is element-wise across rows, and LayerNorm runs across lanes too.
   */
  private void interact(Scratch s, int layer, int r, int b, float[] out, float[] attention) {
    int d = dims[layer];
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
      softmaxOverKeys(s, fp);
      if (attention != null) {
        for (int i = 0; i < fields; i++) {
          for (int j = 0; j < fields; j++) {
            attention[((b * heads + h) * fields + i) * fields + j] = s.st[j * fp + i];
          }
        }
      }
      int v = q + 2 * d;
      for (int t = 0; t < dh; t++) {
        for (int c = 0; c < fp; c += LANES) {
          FloatVector acc = FloatVector.zero(SPECIES);
          for (int j = 0; j < fields; j++) {
            acc = FloatVector.fromArray(SPECIES, s.st, j * fp + c).fma(FloatVector.broadcast(SPECIES, p[v + j * width + t]), acc);
          }
          acc.intoArray(s.ut, (h * dh + t) * fp + c);
        }
      }
    }
    for (int i = 0; i < fields; i++) {
      for (int c = 0; c < d; c++) {
        s.rt[c * fp + i] = p[rowBase + i * width + 3 * d + c];
      }
    }
    layerNorm(s, layer, d, fp, out, r * fields * d);
  }

  /** Softmax over keys j of {@code st[j][i]}, for every query lane i. */
  private void softmaxOverKeys(Scratch s, int fp) {
    for (int c = 0; c < fp; c += LANES) {
      FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      for (int j = 0; j < fields; j++) {
        max = max.max(FloatVector.fromArray(SPECIES, s.st, j * fp + c));
      }
      for (int j = 0; j < fields; j++) {
        FloatVector.fromArray(SPECIES, s.st, j * fp + c).sub(max).intoArray(s.st, j * fp + c);
      }
    }
    VectorMath.exp(s.st, 0, fields * fp);
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
  private void layerNorm(Scratch s, int layer, int d, int fp, float[] out, int outOff) {
    float[] gamma = normWeight[layer];
    float[] beta = normBias[layer];
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
