package io.sqlscore.train.nn;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.Task;
import java.util.Map;

/**
 * The oracle of the gradient checks: the training-mode loss of a batch written plainly from
 * MODELS.md in double precision, independent of the engine's float code (no shared helpers
 * beyond the dropout mask, which both sides must draw alike). Gates by bisection to double
 * precision; BatchNorm on batch statistics (biased variance, eps 1e-5); LayerNorm eps 1e-8.
 */
public final class ReferenceLoss {
  private final ModelConfig config;
  private final Map<String, double[]> p;
  private final double temperature;
  private final float dropout;
  private final long seed;
  private final long step;
  private boolean eval;
  private long gatesSeen;
  private long gatesZero;

  public ReferenceLoss(ModelConfig config, Map<String, double[]> parameters, double temperature, float dropout, long seed, long step) {
    this.config = config;
    this.p = parameters;
    this.temperature = temperature;
    this.dropout = dropout;
    this.seed = seed;
    this.step = step;
  }

  /**
   * The eval-mode logits of B rows (BatchNorm on running statistics, no dropout), as a scoring
   * kernel computes them from a package with these tensors.
   */
  public double[] evalLogits(int[][] ids, float[][] values) {
    eval = true;
    try {
      return config.kind().isArmNet() ? armNet(ids, values) : autoInt(ids, values);
    } finally {
      eval = false;
    }
  }

  /** Mean loss over B rows of ids/values [B][F] and labels. */
  double loss(int[][] ids, float[][] values, float[] labels) {
    double[] logits = config.kind().isArmNet() ? armNet(ids, values) : autoInt(ids, values);
    double total = 0;
    for (int b = 0; b < logits.length; b++) {
      double z = logits[b];
      double y = labels[b];
      if (config.task() == Task.BINARY) {
        double prob = 1 / (1 + Math.exp(-z));
        total += -(y * Math.log(prob) + (1 - y) * Math.log(1 - prob));
      } else {
        total += (z - y) * (z - y);
      }
    }
    return total / logits.length;
  }

  private double[][][] embed(String table, int[][] ids, float[][] values, boolean clamp) {
    int rows = ids.length;
    int fields = config.nfield();
    int e = config.nemb();
    double[] t = p.get(table);
    double[][][] out = new double[rows][fields][e];
    for (int b = 0; b < rows; b++) {
      for (int f = 0; f < fields; f++) {
        double v = clamp ? Math.min(Math.max(values[b][f], 0.001f), 1.0f) : values[b][f];
        for (int j = 0; j < e; j++) {
          out[b][f][j] = t[ids[b][f] * e + j] * v;
        }
      }
    }
    return out;
  }

  private double[] armNet(int[][] ids, float[][] values) {
    int rows = ids.length;
    int fields = config.nfield();
    int e = config.nemb();
    int heads = config.nhead();
    int per = config.nhid();
    double[][][] emb = embed("embedding.embedding.weight", ids, values, true);
    double[] w = p.get("attn_layer.bilinear_w");
    double[] q = p.get("attn_layer.query");
    double[] val = p.get("attn_layer.values");
    double scale = (float) Math.pow(e, -0.5) / temperature;
    double[][][] a = new double[rows][heads * per][e];
    for (int b = 0; b < rows; b++) {
      for (int k = 0; k < heads; k++) {
        for (int o = 0; o < per; o++) {
          double[] s = new double[fields];
          for (int f = 0; f < fields; f++) {
            double sum = 0;
            for (int y = 0; y < e; y++) {
              double key = 0;
              for (int x = 0; x < e; x++) {
                key += emb[b][f][x] * w[(k * e + x) * e + y];
              }
              sum += key * q[(k * per + o) * e + y];
            }
            s[f] = sum * scale;
          }
          double[] g = gates(s, config.alpha());
          for (double gate : g) {
            gatesSeen++;
            gatesZero += gate == 0 ? 1 : 0;
          }
          for (int j = 0; j < e; j++) {
            double z = 0;
            for (int f = 0; f < fields; f++) {
              z += g[f] * val[(k * per + o) * fields + f] * emb[b][f][j];
            }
            a[b][k * per + o][j] = Math.exp(z);
          }
        }
      }
    }
    int channels = heads * per;
    double[] gamma = p.get("arm_bn.weight");
    double[] beta = p.get("arm_bn.bias");
    double[][] h = new double[rows][channels * e];
    for (int c = 0; c < channels; c++) {
      double mean = 0;
      for (int b = 0; b < rows; b++) {
        for (int j = 0; j < e; j++) {
          mean += a[b][c][j];
        }
      }
      mean /= rows * e;
      double var = 0;
      for (int b = 0; b < rows; b++) {
        for (int j = 0; j < e; j++) {
          var += (a[b][c][j] - mean) * (a[b][c][j] - mean);
        }
      }
      var /= rows * e;
      if (eval) {
        mean = p.get("arm_bn.running_mean")[c];
        var = p.get("arm_bn.running_var")[c];
      }
      for (int b = 0; b < rows; b++) {
        for (int j = 0; j < e; j++) {
          h[b][c * e + j] = (a[b][c][j] - mean) / Math.sqrt(var + 1e-5) * gamma[c] + beta[c];
        }
      }
    }
    double[] yArm = mlp("mlp", h, config.mlpLayers(), 0);
    if (config.kind() != ModelKind.ARMNET_PLUS) {
      return yArm;
    }
    double[][][] deepEmb = embed("deep_embedding.embedding.weight", ids, values, true);
    double[] yDeep = mlp("deep_mlp", flatten(deepEmb), config.deepLayers(), 1);
    double[] mix = p.get("ensemble_layer.weight");
    double bias = p.get("ensemble_layer.bias")[0];
    double[] out = new double[rows];
    for (int b = 0; b < rows; b++) {
      out[b] = mix[0] * yArm[b] + mix[1] * yDeep[b] + bias;
    }
    return out;
  }

  /** The fraction of ARM-Net gates that were exactly 0 over all evaluations so far. */
  double zeroGateFraction() {
    return gatesSeen == 0 ? 0 : (double) gatesZero / gatesSeen;
  }

  /** α-entmax of s (softmax when α = 1) by bisection on τ to double precision. */
  static double[] gates(double[] s, double alpha) {
    int n = s.length;
    double[] g = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (double v : s) {
      max = Math.max(max, v);
    }
    if (alpha == 1.0) {
      double sum = 0;
      for (int f = 0; f < n; f++) {
        g[f] = Math.exp(s[f] - max);
        sum += g[f];
      }
      for (int f = 0; f < n; f++) {
        g[f] /= sum;
      }
      return g;
    }
    double am1 = alpha - 1;
    double lo = am1 * max - 1;
    double hi = am1 * max - Math.pow(1.0 / n, am1);
    for (int it = 0; it < 200; it++) {
      double mid = (lo + hi) / 2;
      double sum = 0;
      for (int f = 0; f < n; f++) {
        sum += Math.pow(Math.max(am1 * s[f] - mid, 0), 1 / am1);
      }
      if (sum >= 1) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double tau = (lo + hi) / 2;
    double sum = 0;
    for (int f = 0; f < n; f++) {
      g[f] = Math.pow(Math.max(am1 * s[f] - tau, 0), 1 / am1);
      sum += g[f];
    }
    for (int f = 0; f < n; f++) {
      g[f] /= sum;
    }
    return g;
  }

  private static double[][] flatten(double[][][] x) {
    int rows = x.length;
    int a = x[0].length;
    int c = x[0][0].length;
    double[][] out = new double[rows][a * c];
    for (int b = 0; b < rows; b++) {
      for (int i = 0; i < a; i++) {
        System.arraycopy(x[b][i], 0, out[b], i * c, c);
      }
    }
    return out;
  }

  private double[][] linear(String prefix, double[][] x) {
    double[] w = p.get(prefix + ".weight");
    double[] bias = p.get(prefix + ".bias");
    int out = bias.length;
    int in = x[0].length;
    double[][] y = new double[x.length][out];
    for (int b = 0; b < x.length; b++) {
      for (int o = 0; o < out; o++) {
        double sum = bias[o];
        for (int i = 0; i < in; i++) {
          sum += x[b][i] * w[o * in + i];
        }
        y[b][o] = sum;
      }
    }
    return y;
  }

  private double[] mlp(String prefix, double[][] x, int layers, int tag) {
    for (int i = 0; i < layers; i++) {
      double[][] z = linear(prefix + ".mlp." + (4 * i), x);
      String bn = prefix + ".mlp." + (4 * i + 1);
      double[] gamma = p.get(bn + ".weight");
      double[] beta = p.get(bn + ".bias");
      int rows = z.length;
      int width = gamma.length;
      long key = Dropout.key(seed, step, tag * 64 + i);
      for (int c = 0; c < width; c++) {
        double mean = 0;
        for (double[] row : z) {
          mean += row[c];
        }
        mean /= rows;
        double var = 0;
        for (double[] row : z) {
          var += (row[c] - mean) * (row[c] - mean);
        }
        var /= rows;
        if (eval) {
          mean = p.get(bn + ".running_mean")[c];
          var = p.get(bn + ".running_var")[c];
        }
        for (int b = 0; b < rows; b++) {
          double y = (z[b][c] - mean) / Math.sqrt(var + 1e-5) * gamma[c] + beta[c];
          y = Math.max(y, 0);
          z[b][c] = dropout > 0 && !eval ? y * Dropout.scale(key, b * width + c, dropout) : y;
        }
      }
      x = z;
    }
    double[][] y = linear(prefix + ".mlp." + (4 * layers), x);
    double[] out = new double[y.length];
    for (int b = 0; b < y.length; b++) {
      out[b] = y[b][0];
    }
    return out;
  }

  private double[] autoInt(int[][] ids, float[][] values) {
    int rows = ids.length;
    int fields = config.nfield();
    int heads = config.nhead();
    double[][][] emb = embed("embedding.embedding.weight", ids, values, false);
    double[][][] x = emb;
    int[] dims = config.attnDims();
    for (int l = 0; l < dims.length; l++) {
      int d = dims[l];
      int dh = d / heads;
      String prefix = "attn_layers." + l + ".";
      double[][][] next = new double[rows][fields][d];
      for (int b = 0; b < rows; b++) {
        double[][] qm = relu(linear(prefix + "W_q", x[b]));
        double[][] km = relu(linear(prefix + "W_k", x[b]));
        double[][] vm = relu(linear(prefix + "W_v", x[b]));
        double[][] rm = relu(linear(prefix + "W_res", x[b]));
        double[][] u = new double[fields][d];
        for (int h = 0; h < heads; h++) {
          for (int i = 0; i < fields; i++) {
            double[] s = new double[fields];
            for (int j = 0; j < fields; j++) {
              double dot = 0;
              for (int t = 0; t < dh; t++) {
                dot += qm[i][h * dh + t] * km[j][h * dh + t];
              }
              s[j] = dot / (float) Math.sqrt(dh);
            }
            double[] attn = gates(s, 1.0);
            for (int t = 0; t < dh; t++) {
              double sum = 0;
              for (int j = 0; j < fields; j++) {
                sum += attn[j] * vm[j][h * dh + t];
              }
              u[i][h * dh + t] = sum;
            }
          }
        }
        double[] gamma = p.get(prefix + "layer_norm.weight");
        double[] beta = p.get(prefix + "layer_norm.bias");
        for (int i = 0; i < fields; i++) {
          double mean = 0;
          double[] zrow = new double[d];
          for (int c = 0; c < d; c++) {
            zrow[c] = Math.max(u[i][c] + rm[i][c], 0);
            mean += zrow[c];
          }
          mean /= d;
          double var = 0;
          for (int c = 0; c < d; c++) {
            var += (zrow[c] - mean) * (zrow[c] - mean);
          }
          var /= d;
          for (int c = 0; c < d; c++) {
            next[b][i][c] = (zrow[c] - mean) / Math.sqrt(var + 1e-8) * gamma[c] + beta[c];
          }
        }
      }
      x = next;
    }
    double[][] out = linear("attn_fc", flatten(x));
    double[] logits = new double[rows];
    for (int b = 0; b < rows; b++) {
      logits[b] = out[b][0];
    }
    if (config.kind() == ModelKind.AUTOINT_PLUS) {
      double[] deep = mlp("deep_mlp", flatten(emb), config.deepLayers(), 1);
      for (int b = 0; b < rows; b++) {
        logits[b] += deep[b];
      }
    }
    return logits;
  }

  private static double[][] relu(double[][] x) {
    for (double[] row : x) {
      for (int i = 0; i < row.length; i++) {
        row[i] = Math.max(row[i], 0);
      }
    }
    return x;
  }
}
