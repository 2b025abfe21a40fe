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

/**
 * AutoInt and AutoInt+ (MODELS.md sections 6 and 7) on the CPU.
 *
 * <p>Per tile of rows: unclamped embeddings, the {@link InteractingLayer}s, then
 * {@code attn_fc}, plus the DNN branch on the same embeddings for AutoInt+.
 */
final class AutoIntModel implements CompiledModel {
  private static final int TILE = 64;

  private final ModelConfig config;
  private final int fields;
  private final int emb;
  private final int heads;
  private final int[] dims;
  private final EmbeddingTable embedding;
  private final InteractingLayer[] layers;
  private final DenseLayer attnFc;
  private final Mlp deepMlp;

  AutoIntModel(ModelPackage pkg) {
    this.config = pkg.config();
    SafeTensors w = pkg.weights();
    this.fields = config.nfield();
    this.emb = config.nemb();
    this.heads = config.nhead();
    this.dims = config.attnDims();
    this.embedding = new EmbeddingTable(w.floats("embedding.embedding.weight"), emb);
    this.layers = new InteractingLayer[dims.length];
    int in = emb;
    for (int l = 0; l < dims.length; l++) {
      layers[l] = InteractingLayer.load(w, l, fields, heads, in, dims[l]);
      in = dims[l];
    }
    this.attnFc = DenseLayer.fromLinear(w.floats("attn_fc.weight"), w.floats("attn_fc.bias"), 1, fields * in, false);
    this.deepMlp =
        config.kind() == ModelKind.AUTOINT_PLUS
            ? Mlp.load(w, "deep_mlp", fields * emb, config.deepLayers(), config.deepHidden(), weight -> weight)
            : null;
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public long memoryBytes() {
    long bytes = embedding.memoryBytes() + attnFc.memoryBytes() + (deepMlp == null ? 0 : deepMlp.memoryBytes());
    for (InteractingLayer layer : layers) {
      bytes += layer.memoryBytes();
    }
    return bytes;
  }

  @Override
  public void close() {
    // Heap arrays only: nothing to release beyond dropping the reference.
  }

  @Override
  public ForwardResult forward(FeatureBatch batch, Outputs outputs) {
    return forward(batch, outputs, null);
  }

  /** Every element of the reused attention maps is overwritten, head by head and row by row. */
  @Override
  public ForwardResult forward(FeatureBatch batch, Outputs outputs, ForwardResult spent) {
    batch.checkFits(config);
    int rows = batch.rows();
    float[][] attention = null;
    if (outputs.contains(Output.ATTENTION)) {
      attention = new float[dims.length][];
      for (int l = 0; l < dims.length; l++) {
        float[] old = spent != null && spent.attentionLayers() == dims.length ? spent.attention(l) : null;
        attention[l] = SpentArrays.floats(old, rows * heads * fields * fields);
      }
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
    return new ForwardResult(rows, fields, 0, 0, heads, logits, scores, null, null, null, null, attention);
  }

  /** Per-call working memory for one tile of rows. */
  private final class Scratch {
    final float[] emb;
    final InteractingLayer.Workspace[] layers;
    final float[] x;
    final float[] next;
    final float[] tmpA;
    final float[] tmpB;
    final float[] logit;
    final float[] deep;

    Scratch(int tile) {
      int widest = Arrays.stream(dims).max().orElse(1);
      this.emb = new float[tile * fields * AutoIntModel.this.emb];
      this.layers = new InteractingLayer.Workspace[dims.length];
      for (int l = 0; l < dims.length; l++) {
        layers[l] = AutoIntModel.this.layers[l].newWorkspace(tile);
      }
      this.x = new float[tile * fields * widest];
      this.next = new float[tile * fields * widest];
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
    for (int l = 0; l < dims.length; l++) {
      layers[l].forward(x, count, next, attention == null ? null : attention[l], start, s.layers[l]);
      x = next;
      next = next == s.x ? s.next : s.x;
    }
    attnFc.apply(x, 0, attnFc.in(), count, s.logit, 0, 1);
    if (deepMlp != null) {
      deepMlp.apply(s.emb, 0, fields * emb, count, s.deep, 0, s.tmpA, s.tmpB);
      for (int r = 0; r < count; r++) {
        s.logit[r] += s.deep[r];
      }
    }
  }
}
