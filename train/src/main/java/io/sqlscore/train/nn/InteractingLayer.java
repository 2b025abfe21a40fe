package io.sqlscore.train.nn;

import io.sqlscore.train.math.Columns;
import io.sqlscore.train.math.FloatMath;
import io.sqlscore.train.math.Gemm;
import io.sqlscore.train.math.Gemm.Matrix;
import io.sqlscore.train.math.Workers;

/**
 * One AutoInt interacting layer (MODELS.md section 6, step 2) in training mode, with its
 * backward pass. The four projections {@code W_q, W_k, W_v, W_res} run as one product giving
 * {@code P = ReLU(x · [W_q; W_k; W_v; W_res]ᵀ + b)} with Q, K, V, R side by side; attention,
 * residual and LayerNorm (eps 1e-8, biased variance) run per row.
 */
final class InteractingLayer {
  private static final String[] PARTS = {"W_q", "W_k", "W_v", "W_res"};
  private static final float EPS = 1e-8f;
  private static final int ROWS_PER_TASK = 8;

  private final int fields;
  private final int heads;
  private final int in;
  private final int d;
  private final int dh;
  private final float sqrtDh;
  private final int fieldsPadded;
  private final Tensor[] weights = new Tensor[4];
  private final Tensor[] biases = new Tensor[4];
  private final Tensor gamma;
  private final Tensor beta;
  private final float[] stacked;
  private final float[] stackedT;
  private final float[] bias;
  private final float[] dStacked;
  private final float[] dBias;
  private final float[] dGamma;
  private final float[] dBeta;

  private int rows;
  private float[] p = new float[0];
  private float[] attention = new float[0];
  private float[] z = new float[0];
  private float[] normalized = new float[0];
  private float[] invStd = new float[0];
  private float[] dP = new float[0];
  private float[] dPt = new float[0];
  private Scratch[] scratch = new Scratch[0];

  InteractingLayer(Parameters params, int layer, int fields, int heads, int in, int d) {
    this.fields = fields;
    this.heads = heads;
    this.in = in;
    this.d = d;
    this.dh = d / heads;
    this.sqrtDh = (float) Math.sqrt(dh);
    this.fieldsPadded = FloatMath.padded(fields);
    String prefix = "attn_layers." + layer + ".";
    for (int part = 0; part < 4; part++) {
      weights[part] = params.get(prefix + PARTS[part] + ".weight");
      biases[part] = params.get(prefix + PARTS[part] + ".bias");
    }
    this.gamma = params.get(prefix + "layer_norm.weight");
    this.beta = params.get(prefix + "layer_norm.bias");
    this.stacked = new float[4 * d * in];
    this.stackedT = new float[in * 4 * d];
    this.bias = new float[4 * d];
    this.dStacked = new float[4 * d * in];
    this.dBias = new float[4 * d];
    this.dGamma = new float[d];
    this.dBeta = new float[d];
  }

  /** Per-task working memory. */
  private final class Scratch {
    final float[] scores = new float[fields * fieldsPadded];
    final float[] dA = new float[fields * fields];
    final float[] dz = new float[fields * d];
  }

  /** Lays out the stacked projection weights; call once per step, after the weights changed. */
  void prepare() {
    for (int part = 0; part < 4; part++) {
      System.arraycopy(weights[part].data(), 0, stacked, part * d * in, d * in);
      System.arraycopy(biases[part].data(), 0, bias, part * d, d);
    }
    Columns.transpose(stacked, 0, 4 * d, in, in, stackedT, 0, 4 * d);
  }

  private void allocate(int rows) {
    int cells = rows * fields;
    if (p.length >= cells * 4 * d) {
      return;
    }
    p = new float[cells * 4 * d];
    attention = new float[rows * heads * fields * fields];
    z = new float[cells * d];
    normalized = new float[cells * d];
    invStd = new float[cells];
    dP = new float[cells * 4 * d];
    dPt = new float[cells * 4 * d];
    scratch = new Scratch[(rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK];
    for (int t = 0; t < scratch.length; t++) {
      scratch[t] = new Scratch();
    }
  }

  /** Runs {@code rows} rows: {@code x[(r·F + f)·in + c]} in, {@code out[(r·F + f)·d + c]} out. */
  void forward(Workers workers, float[] x, int rows, float[] out) {
    allocate(rows);
    this.rows = rows;
    int cells = rows * fields;
    for (int c = 0; c < cells; c++) {
      System.arraycopy(bias, 0, p, c * 4 * d, 4 * d);
    }
    Gemm.multiply(workers, cells, 4 * d, in, Matrix.of(x, 0, in), Matrix.of(stackedT, 0, 4 * d), Matrix.of(p, 0, 4 * d), true);
    workers.run(scratch.length, t -> {
      for (int b = t * ROWS_PER_TASK, end = Math.min(rows, b + ROWS_PER_TASK); b < end; b++) {
        for (int i = b * fields * 4 * d, e = i + fields * 4 * d; i < e; i++) {
          p[i] = Math.max(p[i], 0f);
        }
        for (int h = 0; h < heads; h++) {
          attend(b, h, scratch[t]);
        }
        normalize(b, out);
      }
    });
  }

  /** Head h of row b: softmax over keys of Q·Kᵀ/sqrt(dh) into {@code attention}, A·V into z. */
  private void attend(int b, int h, Scratch s) {
    int rowP = b * fields * 4 * d;
    int width = 4 * d;
    float[] sc = s.scores;
    for (int i = 0; i < fields; i++) {
      int q = rowP + i * width + h * dh;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < fields; j++) {
        int k = rowP + j * width + d + h * dh;
        float dot = 0f;
        for (int t = 0; t < dh; t++) {
          dot = Math.fma(p[q + t], p[k + t], dot);
        }
        float score = dot / sqrtDh;
        sc[i * fieldsPadded + j] = score;
        max = Math.max(max, score);
      }
      for (int j = 0; j < fields; j++) {
        sc[i * fieldsPadded + j] -= max;
      }
    }
    FloatMath.exp(sc, 0, fields * fieldsPadded);
    int aOff = (b * heads + h) * fields * fields;
    for (int i = 0; i < fields; i++) {
      float sum = 0f;
      for (int j = 0; j < fields; j++) {
        sum += sc[i * fieldsPadded + j];
      }
      for (int j = 0; j < fields; j++) {
        attention[aOff + i * fields + j] = sc[i * fieldsPadded + j] / sum;
      }
    }
    for (int i = 0; i < fields; i++) {
      int zOff = (b * fields + i) * d + h * dh;
      for (int t = 0; t < dh; t++) {
        float acc = 0f;
        for (int j = 0; j < fields; j++) {
          acc = Math.fma(attention[aOff + i * fields + j], p[rowP + j * width + 2 * d + h * dh + t], acc);
        }
        z[zOff + t] = acc;
      }
    }
  }

  /** z = ReLU(z + R), then LayerNorm over each field's d columns into {@code out}. */
  private void normalize(int b, float[] out) {
    float[] g = gamma.data();
    float[] be = beta.data();
    for (int i = 0; i < fields; i++) {
      int cell = b * fields + i;
      int zOff = cell * d;
      int rOff = cell * 4 * d + 3 * d;
      float sum = 0f;
      for (int c = 0; c < d; c++) {
        float v = Math.max(z[zOff + c] + p[rOff + c], 0f);
        z[zOff + c] = v;
        sum += v;
      }
      float mean = sum / d;
      float sq = 0f;
      for (int c = 0; c < d; c++) {
        float centered = z[zOff + c] - mean;
        sq = Math.fma(centered, centered, sq);
      }
      float inv = 1f / (float) Math.sqrt(sq / d + EPS);
      invStd[cell] = inv;
      for (int c = 0; c < d; c++) {
        float xh = (z[zOff + c] - mean) * inv;
        normalized[zOff + c] = xh;
        out[zOff + c] = xh * g[c] + be[c];
      }
    }
  }

  /**
   * Adds every parameter's gradient for output gradient {@code dOut} ({@code cells × d}) given
   * the layer's input {@code x}, and writes the input gradient into {@code dx}.
   */
  void backward(Workers workers, float[] x, float[] dOut, float[] dx) {
    int cells = rows * fields;
    Columns.sumOfProducts(workers, dOut, d, normalized, d, cells, d, dGamma, false);
    Columns.sum(workers, dOut, 0, cells, d, d, dBeta, false);
    add(gamma.grad(), dGamma);
    add(beta.grad(), dBeta);
    workers.run(scratch.length, t -> {
      for (int b = t * ROWS_PER_TASK, end = Math.min(rows, b + ROWS_PER_TASK); b < end; b++) {
        normalizeBackward(b, dOut, scratch[t]);
        for (int h = 0; h < heads; h++) {
          attendBackward(b, h, scratch[t]);
        }
        for (int i = b * fields * 4 * d, e = i + fields * 4 * d; i < e; i++) {
          dP[i] = p[i] > 0f ? dP[i] : 0f;
        }
      }
    });
    Columns.transpose(dP, 0, cells, 4 * d, 4 * d, dPt, 0, cells);
    Gemm.multiply(workers, 4 * d, in, cells, Matrix.of(dPt, 0, cells), Matrix.of(x, 0, in), Matrix.of(dStacked, 0, in), false);
    Columns.sum(workers, dP, 0, cells, 4 * d, 4 * d, dBias, false);
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
      Gemm.multiply(workers, cells, in, 4 * d, Matrix.of(dP, 0, 4 * d), Matrix.of(stacked, 0, in), Matrix.of(dx, 0, in), false);
    }
  }

  private static void add(float[] to, float[] from) {
    for (int i = 0; i < from.length; i++) {
      to[i] += from[i];
    }
  }

  /**
   * LayerNorm and ReLU backward of row b into {@code s.dz} (the gradient of U + R), which is
   * also R's gradient: written into dP's residual columns.
   */
  private void normalizeBackward(int b, float[] dOut, Scratch s) {
    float[] g = gamma.data();
    for (int i = 0; i < fields; i++) {
      int cell = b * fields + i;
      int zOff = cell * d;
      float meanDx = 0f;
      float meanDxX = 0f;
      for (int c = 0; c < d; c++) {
        float dxh = dOut[zOff + c] * g[c];
        meanDx += dxh;
        meanDxX = Math.fma(dxh, normalized[zOff + c], meanDxX);
      }
      meanDx /= d;
      meanDxX /= d;
      float inv = invStd[cell];
      int pOff = cell * 4 * d;
      for (int c = 0; c < d; c++) {
        float dxh = dOut[zOff + c] * g[c];
        float dzc = inv * (dxh - meanDx - normalized[zOff + c] * meanDxX);
        dzc = z[zOff + c] > 0f ? dzc : 0f;
        s.dz[i * d + c] = dzc;
        dP[pOff + 3 * d + c] = dzc;
      }
    }
  }

  /** Head h of row b: gradients of V, then of the scores, then of Q and K, into dP. */
  private void attendBackward(int b, int h, Scratch s) {
    int rowP = b * fields * 4 * d;
    int width = 4 * d;
    int aOff = (b * heads + h) * fields * fields;
    int col = h * dh;
    for (int i = 0; i < fields; i++) {
      for (int j = 0; j < fields; j++) {
        float acc = 0f;
        for (int t = 0; t < dh; t++) {
          acc = Math.fma(s.dz[i * d + col + t], p[rowP + j * width + 2 * d + col + t], acc);
        }
        s.dA[i * fields + j] = acc;
      }
    }
    for (int j = 0; j < fields; j++) {
      for (int t = 0; t < dh; t++) {
        float acc = 0f;
        for (int i = 0; i < fields; i++) {
          acc = Math.fma(attention[aOff + i * fields + j], s.dz[i * d + col + t], acc);
        }
        dP[rowP + j * width + 2 * d + col + t] = acc;
      }
    }
    for (int i = 0; i < fields; i++) {
      float dot = 0f;
      for (int j = 0; j < fields; j++) {
        dot = Math.fma(attention[aOff + i * fields + j], s.dA[i * fields + j], dot);
      }
      for (int j = 0; j < fields; j++) {
        s.dA[i * fields + j] = attention[aOff + i * fields + j] * (s.dA[i * fields + j] - dot) / sqrtDh;
      }
    }
    for (int i = 0; i < fields; i++) {
      for (int t = 0; t < dh; t++) {
        float acc = 0f;
        for (int j = 0; j < fields; j++) {
          acc = Math.fma(s.dA[i * fields + j], p[rowP + j * width + d + col + t], acc);
        }
        dP[rowP + i * width + col + t] = acc;
      }
    }
    for (int j = 0; j < fields; j++) {
      for (int t = 0; t < dh; t++) {
        float acc = 0f;
        for (int i = 0; i < fields; i++) {
          acc = Math.fma(s.dA[i * fields + j], p[rowP + i * width + col + t], acc);
        }
        dP[rowP + j * width + d + col + t] = acc;
      }
    }
  }
}
