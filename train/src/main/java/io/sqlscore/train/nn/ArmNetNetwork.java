package io.sqlscore.train.nn;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.train.math.Columns;
import io.sqlscore.train.math.FloatMath;
import io.sqlscore.train.math.Gemm;
import io.sqlscore.train.math.Gemm.Matrix;
import io.sqlscore.train.math.Workers;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * ARM-Net and ARM-Net+ (MODELS.md sections 4 and 5) in training mode.
 *
 * <p>Per row the neurons n = k·O + o sit in vector lanes, padded to a multiple of the lane
 * count ({@code stride}): scores and gates are {@code [F][stride]}, exponential neurons
 * {@code [E][stride]}. The scores are one product of the embeddings with
 * {@code M[x][n] = c · Σ_y bilinear_w[k,x,y] · query[k,o,y]}, {@code c = E^{-1/2} / temperature}.
 * arm_bn normalises the exponential neurons over the batch's rows and E positions; its output is
 * then permuted into the official flattening {@code (k·O + o)·E + j} for the MLP.
 */
final class ArmNetNetwork implements Network {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();
  private static final FloatVector ZERO = FloatVector.zero(SPECIES);
  private static final int ROWS_PER_TASK = 16;

  private final Parameters parameters;
  private final int fields;
  private final int emb;
  private final int heads;
  private final int perHead;
  private final int neurons;
  private final int stride;
  private final float scoreScale;
  private final Embedding embedding;
  private final Tensor bilinear;
  private final Tensor query;
  private final Tensor values;
  private final Gates gates;
  private final BatchNorm armBn;
  private final Mlp mlp;
  private final Embedding deepEmbedding;
  private final Mlp deepMlp;
  private final Tensor ensembleWeight;
  private final Tensor ensembleBias;

  private final float[] m;
  private final float[] mT;
  private final float[] valuesT;
  private final float[] dM;
  private final float[] dValuesT;

  private int rows;
  private int[] ids;
  private float[] v = new float[0];
  private float[] e = new float[0];
  private float[] eT = new float[0];
  private float[] s = new float[0];
  private float[] g = new float[0];
  private float[] w = new float[0];
  private float[] a = new float[0];
  private float[] da = new float[0];
  private float[] bn = new float[0];
  private float[] h = new float[0];
  private float[] ed = new float[0];
  private float[] logits = new float[0];
  private float[] yArm = new float[0];
  private float[] yDeep = new float[0];
  private float[] dh = new float[0];
  private float[] gdw = new float[0];
  private float[] de = new float[0];
  private float[] ded = new float[0];
  private float[] dyArm = new float[0];
  private float[] dyDeep = new float[0];
  private RowScratch[] scratch = new RowScratch[0];

  ArmNetNetwork(ModelConfig config, Parameters p, NetworkOptions options) {
    this.parameters = p;
    this.fields = config.nfield();
    this.emb = config.nemb();
    this.heads = config.nhead();
    this.perHead = config.nhid();
    this.neurons = heads * perHead;
    this.stride = FloatMath.padded(neurons);
    this.scoreScale = (float) ((float) Math.pow(emb, -0.5) / options.gateTemperature());
    this.embedding = new Embedding(p.get("embedding.embedding.weight"));
    this.bilinear = p.get("attn_layer.bilinear_w");
    this.query = p.get("attn_layer.query");
    this.values = p.get("attn_layer.values");
    this.gates = new Gates(config.alpha(), fields, stride);
    this.armBn = new BatchNorm(p, "arm_bn");
    this.mlp = new Mlp(p, "mlp", config.mlpLayers(), options.dropout(), options.seed(), 0);
    if (config.kind() == ModelKind.ARMNET_PLUS) {
      this.deepEmbedding = new Embedding(p.get("deep_embedding.embedding.weight"));
      this.deepMlp = new Mlp(p, "deep_mlp", config.deepLayers(), options.dropout(), options.seed(), 1);
      this.ensembleWeight = p.get("ensemble_layer.weight");
      this.ensembleBias = p.get("ensemble_layer.bias");
    } else {
      this.deepEmbedding = null;
      this.deepMlp = null;
      this.ensembleWeight = null;
      this.ensembleBias = null;
    }
    this.m = new float[emb * stride];
    this.mT = new float[stride * emb];
    this.valuesT = new float[fields * stride];
    this.dM = new float[emb * stride];
    this.dValuesT = new float[fields * stride];
  }

  @Override
  public Parameters parameters() {
    return parameters;
  }

  /** Per-task working memory. */
  private final class RowScratch {
    final Gates.Scratch gates = ArmNetNetwork.this.gates.newScratch();
    final float[] dw = new float[fields * stride];
    final float[] dg = new float[fields * stride];
    final float[] lanes = new float[L];
  }

  private void allocate(int rows) {
    if (logits.length >= rows) {
      return;
    }
    int cells = rows * fields;
    v = new float[cells];
    e = new float[cells * emb];
    eT = new float[cells * emb];
    s = new float[cells * stride];
    g = new float[cells * stride];
    w = new float[cells * stride];
    a = new float[rows * emb * stride];
    da = new float[rows * emb * stride];
    bn = new float[rows * emb * neurons];
    h = new float[rows * emb * neurons];
    dh = new float[rows * emb * neurons];
    gdw = new float[cells * stride];
    de = new float[cells * emb];
    logits = new float[rows];
    dyArm = new float[rows];
    if (deepMlp != null) {
      ed = new float[cells * emb];
      ded = new float[cells * emb];
      dyDeep = new float[rows];
    }
    scratch = new RowScratch[tasks(rows)];
    for (int t = 0; t < scratch.length; t++) {
      scratch[t] = new RowScratch();
    }
  }

  private static int tasks(int rows) {
    return (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
  }

  /** M = c·W·q per head as {@code [E][stride]}, its transpose, and values as {@code [F][stride]}. */
  private void prepare() {
    float[] bw = bilinear.data();
    float[] q = query.data();
    float[] val = values.data();
    java.util.Arrays.fill(m, 0f);
    for (int k = 0; k < heads; k++) {
      for (int o = 0; o < perHead; o++) {
        int n = k * perHead + o;
        for (int x = 0; x < emb; x++) {
          double sum = 0;
          for (int y = 0; y < emb; y++) {
            sum += (double) bw[(k * emb + x) * emb + y] * q[(k * perHead + o) * emb + y];
          }
          m[x * stride + n] = (float) (sum * scoreScale);
        }
        for (int f = 0; f < fields; f++) {
          valuesT[f * stride + n] = val[n * fields + f];
        }
      }
    }
    Columns.transpose(m, 0, emb, stride, stride, mT, 0, emb);
    mlp.prepare();
    if (deepMlp != null) {
      deepMlp.prepare();
    }
  }

  @Override
  public float[] forward(Workers workers, int rows, int[] ids, float[] values, long step) {
    allocate(rows);
    this.rows = rows;
    this.ids = ids;
    prepare();
    int cells = rows * fields;
    for (int c = 0; c < cells; c++) {
      v[c] = Math.min(Math.max(values[c], 0.001f), 1.0f);
    }
    embedding.gather(ids, v, cells, e);
    Gemm.multiply(workers, cells, stride, emb, Matrix.of(e, 0, emb), Matrix.of(m, 0, stride), Matrix.of(s, 0, stride), false);
    workers.run(tasks(rows), t -> {
      RowScratch rs = scratch[t];
      for (int b = t * ROWS_PER_TASK, end = Math.min(rows, b + ROWS_PER_TASK); b < end; b++) {
        int off = b * fields * stride;
        gates.forward(s, off, g, off, rs.gates);
        for (int i = 0; i < fields * stride; i++) {
          w[off + i] = g[off + i] * valuesT[i];
        }
        exponentialNeurons(b);
      }
    });
    armBn.forward(workers, a, stride, rows * emb, bn, neurons);
    toOfficialOrder(bn, h);
    float[] y = mlp.forward(workers, h, 0, neurons * emb, rows, step);
    if (deepMlp == null) {
      System.arraycopy(y, 0, logits, 0, rows);
      return logits;
    }
    System.arraycopy(y, 0, yArm = ensure(yArm, rows), 0, rows);
    deepEmbedding.gather(ids, v, cells, ed);
    float[] yd = deepMlp.forward(workers, ed, 0, fields * emb, rows, step);
    System.arraycopy(yd, 0, yDeep = ensure(yDeep, rows), 0, rows);
    float[] mix = ensembleWeight.data();
    float bias = ensembleBias.data()[0];
    for (int b = 0; b < rows; b++) {
      logits[b] = mix[0] * yArm[b] + mix[1] * yDeep[b] + bias;
    }
    return logits;
  }

  private static float[] ensure(float[] array, int length) {
    return array.length >= length ? array : new float[length];
  }

  /** {@code a[b][j][n] = exp(Σ_f e[b][f][j] · w[b][f][n])}. */
  private void exponentialNeurons(int b) {
    int eOff = b * fields * emb;
    int wOff = b * fields * stride;
    int aOff = b * emb * stride;
    for (int j = 0; j < emb; j++) {
      for (int n0 = 0; n0 < stride; n0 += L) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int f = 0; f < fields; f++) {
          acc = FloatVector.broadcast(SPECIES, e[eOff + f * emb + j]).fma(FloatVector.fromArray(SPECIES, w, wOff + f * stride + n0), acc);
        }
        ZERO.add(acc).intoArray(a, aOff + j * stride + n0);
      }
    }
    FloatMath.exp(a, aOff, aOff + emb * stride);
  }

  /** {@code out[b][n·E + j] = in[b·E + j][n]}. */
  private void toOfficialOrder(float[] in, float[] out) {
    for (int b = 0; b < rows; b++) {
      int base = b * emb * neurons;
      for (int j = 0; j < emb; j++) {
        for (int n = 0; n < neurons; n++) {
          out[base + n * emb + j] = in[base + j * neurons + n];
        }
      }
    }
  }

  /** {@code out[b·E + j][n] = in[b][n·E + j]}. */
  private void fromOfficialOrder(float[] in, float[] out) {
    for (int b = 0; b < rows; b++) {
      int base = b * emb * neurons;
      for (int j = 0; j < emb; j++) {
        for (int n = 0; n < neurons; n++) {
          out[base + j * neurons + n] = in[base + n * emb + j];
        }
      }
    }
  }

  @Override
  public void backward(Workers workers, float[] dLogits) {
    int cells = rows * fields;
    float[] dArm = dLogits;
    if (deepMlp != null) {
      float[] mix = ensembleWeight.data();
      float gw0 = 0f;
      float gw1 = 0f;
      float gb = 0f;
      for (int b = 0; b < rows; b++) {
        gw0 += dLogits[b] * yArm[b];
        gw1 += dLogits[b] * yDeep[b];
        gb += dLogits[b];
        dyArm[b] = mix[0] * dLogits[b];
        dyDeep[b] = mix[1] * dLogits[b];
      }
      ensembleWeight.grad()[0] += gw0;
      ensembleWeight.grad()[1] += gw1;
      ensembleBias.grad()[0] += gb;
      deepMlp.backward(workers, ed, 0, fields * emb, dyDeep, ded, 0, fields * emb, false);
      deepEmbedding.scatter(ids, v, cells, ded);
      dArm = dyArm;
    }
    mlp.backward(workers, h, 0, neurons * emb, dArm, dh, 0, neurons * emb, false);
    fromOfficialOrder(dh, bn);
    armBn.backward(workers, bn, neurons, da, stride);
    workers.run(tasks(rows), t -> {
      RowScratch rs = scratch[t];
      for (int b = t * ROWS_PER_TASK, end = Math.min(rows, b + ROWS_PER_TASK); b < end; b++) {
        neuronsBackward(b, rs);
      }
    });
    Columns.sum(workers, gdw, 0, rows, fields * stride, fields * stride, dValuesT, false);
    float[] valuesGrad = values.grad();
    for (int n = 0; n < neurons; n++) {
      for (int f = 0; f < fields; f++) {
        valuesGrad[n * fields + f] += dValuesT[f * stride + n];
      }
    }
    Columns.transpose(e, 0, cells, emb, emb, eT, 0, cells);
    Gemm.multiply(workers, emb, stride, cells, Matrix.of(eT, 0, cells), Matrix.of(s, 0, stride), Matrix.of(dM, 0, stride), false);
    Gemm.multiply(workers, cells, emb, stride, Matrix.of(s, 0, stride), Matrix.of(mT, 0, emb), Matrix.of(de, 0, emb), true);
    bilinearBackward();
    embedding.scatter(ids, v, cells, de);
  }

  /**
   * One row: the gradient of the exponential neurons' sums ({@code da}, arm_bn's input
   * gradient, times the neurons' outputs {@code a}, in place), then the interaction weights',
   * the gates' and the scores' gradients (the last written over the scores in {@code s}), the
   * embedding's part in {@code de}, and {@code g·dw} for the values' gradient.
   */
  private void neuronsBackward(int b, RowScratch rs) {
    int aOff = b * emb * stride;
    int eOff = b * fields * emb;
    int off = b * fields * stride;
    for (int i = aOff; i < aOff + emb * stride; i++) {
      da[i] *= a[i];
    }
    for (int f = 0; f < fields; f++) {
      for (int n0 = 0; n0 < stride; n0 += L) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int j = 0; j < emb; j++) {
          acc = FloatVector.broadcast(SPECIES, e[eOff + f * emb + j]).fma(FloatVector.fromArray(SPECIES, da, aOff + j * stride + n0), acc);
        }
        ZERO.add(acc).intoArray(rs.dw, f * stride + n0);
      }
      for (int j = 0; j < emb; j++) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int n0 = 0; n0 < stride; n0 += L) {
          acc = FloatVector.fromArray(SPECIES, w, off + f * stride + n0).fma(FloatVector.fromArray(SPECIES, da, aOff + j * stride + n0), acc);
        }
        ZERO.add(acc).intoArray(rs.lanes, 0);
        float sum = 0f;
        for (int l = 0; l < L; l++) {
          sum += rs.lanes[l];
        }
        de[eOff + f * emb + j] = sum;
      }
    }
    for (int i = 0; i < fields * stride; i++) {
      gdw[off + i] = g[off + i] * rs.dw[i];
      rs.dg[i] = rs.dw[i] * valuesT[i];
    }
    gates.backward(g, rs.dg, 0, s, off, rs.gates);
  }

  /** dW and dq from dM = Eᵀ·dS: {@code dM[x][n]} with n = k·O + o, times c. */
  private void bilinearBackward() {
    float[] bw = bilinear.data();
    float[] q = query.data();
    float[] gbw = bilinear.grad();
    float[] gq = query.grad();
    for (int k = 0; k < heads; k++) {
      for (int x = 0; x < emb; x++) {
        for (int y = 0; y < emb; y++) {
          float sum = 0f;
          for (int o = 0; o < perHead; o++) {
            sum += dM[x * stride + k * perHead + o] * q[(k * perHead + o) * emb + y];
          }
          gbw[(k * emb + x) * emb + y] += sum * scoreScale;
        }
      }
      for (int o = 0; o < perHead; o++) {
        for (int y = 0; y < emb; y++) {
          float sum = 0f;
          for (int x = 0; x < emb; x++) {
            sum += bw[(k * emb + x) * emb + y] * dM[x * stride + k * perHead + o];
          }
          gq[(k * perHead + o) * emb + y] += sum * scoreScale;
        }
      }
    }
  }
}
