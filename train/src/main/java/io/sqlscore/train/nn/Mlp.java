package io.sqlscore.train.nn;

import io.sqlscore.train.math.Workers;

/**
 * The official MLP ({@code models/layers.py}) in training mode: per hidden layer Linear,
 * BatchNorm1d, ReLU and Dropout, then a Linear to one output. Parameters {@code P.mlp.(4i)},
 * {@code P.mlp.(4i+1)} and {@code P.mlp.(4L)}.
 */
final class Mlp {
  private final Linear[] hidden;
  private final BatchNorm[] norms;
  private final Linear output;
  private final float dropout;
  private final long seed;
  private final int layerTag;
  private float[][] pre;
  private float[][] act;
  private float[][] kept;
  private float[] dA = new float[0];
  private float[] dZ = new float[0];
  private float[] y = new float[0];
  private float[] dY = new float[0];
  private int rows;
  private long dropKeyBase;

  /**
   * The MLP {@code prefix} of {@code p} with {@code layers} hidden layers; {@code layerTag}
   * distinguishes its dropout masks from another MLP's in the same model.
   */
  Mlp(Parameters p, String prefix, int layers, float dropout, long seed, int layerTag) {
    this.hidden = new Linear[layers];
    this.norms = new BatchNorm[layers];
    for (int i = 0; i < layers; i++) {
      hidden[i] = Linear.of(p, prefix + ".mlp." + (4 * i));
      norms[i] = new BatchNorm(p, prefix + ".mlp." + (4 * i + 1));
    }
    this.output = Linear.of(p, prefix + ".mlp." + (4 * layers));
    this.dropout = dropout;
    this.seed = seed;
    this.layerTag = layerTag;
  }

  void prepare() {
    for (Linear layer : hidden) {
      layer.prepare();
    }
    output.prepare();
  }

  private void allocate(int rows) {
    if (y.length >= rows) {
      return;
    }
    int layers = hidden.length;
    pre = new float[layers][];
    act = new float[layers][];
    kept = new float[layers][];
    int widest = 1;
    for (int i = 0; i < layers; i++) {
      int width = hidden[i].out();
      widest = Math.max(widest, width);
      pre[i] = new float[rows * width];
      act[i] = new float[rows * width];
      kept[i] = dropout > 0 ? new float[rows * width] : act[i];
    }
    dA = new float[rows * widest];
    dZ = new float[rows * widest];
    y = new float[rows];
    dY = new float[rows];
  }

  /**
   * Runs {@code rows} rows of {@code x} (leading dimension {@code ldx}) in training mode and
   * returns the outputs (one per row, in an array the MLP owns until the next call).
   */
  float[] forward(Workers workers, float[] x, int xOff, int ldx, int rows, long step) {
    allocate(rows);
    this.rows = rows;
    this.dropKeyBase = step;
    float[] in = x;
    int inOff = xOff;
    int ld = ldx;
    for (int i = 0; i < hidden.length; i++) {
      int width = hidden[i].out();
      hidden[i].forward(workers, in, inOff, ld, rows, pre[i]);
      norms[i].forward(workers, pre[i], width, rows, act[i], width);
      float[] a = act[i];
      int n = rows * width;
      for (int e = 0; e < n; e++) {
        a[e] = Math.max(a[e], 0f);
      }
      if (dropout > 0) {
        long key = Dropout.key(seed, step, layerTag * 64 + i);
        float[] k = kept[i];
        for (int e = 0; e < n; e++) {
          k[e] = a[e] * Dropout.scale(key, e, dropout);
        }
      }
      in = kept[i];
      inOff = 0;
      ld = width;
    }
    output.forward(workers, in, inOff, ld, rows, y);
    return y;
  }

  /**
   * Adds the parameter gradients for output gradient {@code dOut} (one per row) and writes (or
   * adds, when {@code accumulate}) the gradient of the input into {@code dx} unless it is null.
   */
  void backward(Workers workers, float[] x, int xOff, int ldx, float[] dOut, float[] dx, int dxOff, int lddx, boolean accumulate) {
    System.arraycopy(dOut, 0, dY, 0, rows);
    float[] grad = dY;
    for (int i = hidden.length; i > 0; i--) {
      Linear layer = i == hidden.length ? output : hidden[i];
      int width = hidden[i - 1].out();
      layer.backward(workers, kept[i - 1], 0, width, grad, rows, dA, 0, width, false);
      int n = rows * width;
      if (dropout > 0) {
        long key = Dropout.key(seed, dropKeyBase, layerTag * 64 + i - 1);
        for (int e = 0; e < n; e++) {
          dA[e] *= Dropout.scale(key, e, dropout);
        }
      }
      float[] a = act[i - 1];
      for (int e = 0; e < n; e++) {
        dA[e] = a[e] > 0f ? dA[e] : 0f;
      }
      norms[i - 1].backward(workers, dA, width, dZ, width);
      grad = dZ;
    }
    Linear first = hidden.length == 0 ? output : hidden[0];
    first.backward(workers, x, xOff, ldx, grad, rows, dx, dxOff, lddx, accumulate);
  }
}
