package io.sqlscore.train.nn;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.train.math.Workers;

/**
 * AutoInt and AutoInt+ (MODELS.md sections 6 and 7) in training mode: unclamped embeddings,
 * the interacting layers, {@code attn_fc} over the flattened last layer, plus for AutoInt+ the
 * MLP over the same embeddings with the two logits summed.
 */
final class AutoIntNetwork implements Network {
  private final Parameters parameters;
  private final int fields;
  private final int emb;
  private final int[] dims;
  private final Embedding embedding;
  private final InteractingLayer[] layers;
  private final Linear attnFc;
  private final Mlp deepMlp;

  private int rows;
  private int[] ids;
  private float[] values;
  private float[][] x = new float[0][];
  private float[][] dx = new float[0][];
  private float[] logits = new float[0];

  AutoIntNetwork(ModelConfig config, Parameters p, NetworkOptions options) {
    this.parameters = p;
    this.fields = config.nfield();
    this.emb = config.nemb();
    this.dims = config.attnDims();
    this.embedding = new Embedding(p.get("embedding.embedding.weight"));
    this.layers = new InteractingLayer[dims.length];
    int in = emb;
    for (int l = 0; l < dims.length; l++) {
      layers[l] = new InteractingLayer(p, l, fields, config.nhead(), in, dims[l]);
      in = dims[l];
    }
    this.attnFc = Linear.of(p, "attn_fc");
    this.deepMlp =
        config.kind() == ModelKind.AUTOINT_PLUS
            ? new Mlp(p, "deep_mlp", config.deepLayers(), options.dropout(), options.seed(), 1)
            : null;
  }

  @Override
  public Parameters parameters() {
    return parameters;
  }

  private void allocate(int rows) {
    if (logits.length >= rows) {
      return;
    }
    int cells = rows * fields;
    x = new float[dims.length + 1][];
    dx = new float[dims.length + 1][];
    x[0] = new float[cells * emb];
    dx[0] = new float[cells * emb];
    for (int l = 0; l < dims.length; l++) {
      x[l + 1] = new float[cells * dims[l]];
      dx[l + 1] = new float[cells * dims[l]];
    }
    logits = new float[rows];
  }

  @Override
  public float[] forward(Workers workers, int rows, int[] ids, float[] values, long step) {
    allocate(rows);
    this.rows = rows;
    this.ids = ids;
    this.values = values;
    embedding.gather(ids, values, rows * fields, x[0]);
    for (int l = 0; l < layers.length; l++) {
      layers[l].prepare();
      layers[l].forward(workers, x[l], rows, x[l + 1]);
    }
    attnFc.prepare();
    attnFc.forward(workers, x[layers.length], 0, attnFc.in(), rows, logits);
    if (deepMlp != null) {
      deepMlp.prepare();
      float[] deep = deepMlp.forward(workers, x[0], 0, fields * emb, rows, step);
      for (int b = 0; b < rows; b++) {
        logits[b] += deep[b];
      }
    }
    return logits;
  }

  @Override
  public void backward(Workers workers, float[] dLogits) {
    int top = layers.length;
    attnFc.backward(workers, x[top], 0, attnFc.in(), dLogits, rows, dx[top], 0, attnFc.in(), false);
    for (int l = top - 1; l >= 0; l--) {
      layers[l].backward(workers, x[l], dx[l + 1], dx[l]);
    }
    if (deepMlp != null) {
      deepMlp.backward(workers, x[0], 0, fields * emb, dLogits, dx[0], 0, fields * emb, true);
    }
    embedding.scatter(ids, values, rows * fields, dx[0]);
  }
}
