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
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * AutoInt and AutoInt+ (MODELS.md sections 6 and 7) on the CPU.
 *
 * <p>Rows run in blocks of {@link InteractingLayer#LANES}, lane-major (one row per vector lane,
 * see {@link InteractingLayer}): unclamped embeddings, then each block through the interacting
 * layers before the next, so its activations stay in cache; {@code attn_fc} and, for AutoInt+,
 * the DNN branch ({@link LaneMlp}) then run over a tile of blocks at once, two or four blocks per
 * weight pass. The last block of a batch is padded with zero rows, which are
 * computed and dropped.
 */
final class AutoIntModel implements CompiledModel {
  private static final int LANES = InteractingLayer.LANES;
  /** Blocks per tile: the DNN branch's weights are read once per tile. */
  private static final int TILE_BLOCKS = 8;
  private static final int TILE = TILE_BLOCKS * LANES;

  private final ModelConfig config;
  private final int fields;
  private final int emb;
  private final int heads;
  private final int[] dims;
  private final EmbeddingTable embedding;
  private final InteractingLayer[] layers;
  private final LaneDense attnFc;
  private final LaneMlp deepMlp;
  /**
   * Working memory of finished calls (about 0.3 MB each), reused by the next: allocating and
   * zeroing it cost more than a one-row batch's forward pass. Holds as many as ran at once.
   */
  private final Deque<Scratch> idle = new ConcurrentLinkedDeque<>();

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
    this.attnFc = LaneDense.fromLinear(w.floats("attn_fc.weight"), w.floats("attn_fc.bias"), 1, fields * in, false);
    this.deepMlp =
        config.kind() == ModelKind.AUTOINT_PLUS
            ? new LaneMlp(Mlp.linears(w, "deep_mlp", fields * emb, config.deepLayers(), config.deepHidden(), x -> x))
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
    idle.clear();
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
    Scratch scratch = idle.pollFirst();
    if (scratch == null) {
      scratch = new Scratch();
    }
    try {
      for (int start = 0; start < rows; start += TILE) {
        int count = Math.min(TILE, rows - start);
        forwardTile(batch, start, count, scratch, attention);
        for (int r = 0; r < count; r++) {
          logits[start + r] = scratch.logit[r];
          scores[start + r] = config.task().score(scratch.logit[r]);
        }
      }
    } finally {
      idle.offerFirst(scratch);
    }
    return new ForwardResult(rows, fields, 0, 0, heads, logits, scores, null, null, null, null, attention);
  }

  /** Working memory for a tile, used by one call at a time. */
  private final class Scratch {
    final float[] emb;
    final InteractingLayer.Workspace[] layers;
    final float[] x;
    final float[] next;
    final float[] last;
    final float[] tmpA;
    final float[] tmpB;
    final float[] logit;
    final float[] deep;

    Scratch() {
      int blocks = TILE_BLOCKS;
      int widest = Arrays.stream(dims).max().orElse(1);
      this.emb = new float[blocks * fields * AutoIntModel.this.emb * LANES];
      this.layers = new InteractingLayer.Workspace[dims.length];
      for (int l = 0; l < dims.length; l++) {
        layers[l] = AutoIntModel.this.layers[l].newWorkspace();
      }
      this.x = new float[fields * widest * LANES];
      this.next = new float[fields * widest * LANES];
      this.last = new float[blocks * fields * dims[dims.length - 1] * LANES];
      int width = deepMlp == null ? 0 : blocks * deepMlp.scratchPerBlock();
      this.tmpA = new float[width];
      this.tmpB = new float[width];
      this.logit = new float[blocks * LANES];
      this.deep = new float[blocks * LANES];
    }
  }

  /** Rows {@code [start, start + count)}, at most a tile: their logits go to {@code s.logit}. */
  private void forwardTile(FeatureBatch batch, int start, int count, Scratch s, float[][] attention) {
    int blocks = (count + LANES - 1) / LANES;
    int blockSize = fields * emb * LANES;
    int lastSize = fields * dims[dims.length - 1] * LANES;
    for (int b = 0; b < blocks; b++) {
      int first = start + b * LANES;
      int rowsInBlock = Math.min(LANES, count - b * LANES);
      embedding.gatherLanes(batch.ids(), batch.values(), fields, first, rowsInBlock, LANES, s.emb, b * blockSize);
      float[] x = s.emb;
      int xOff = b * blockSize;
      for (int l = 0; l < dims.length; l++) {
        boolean last = l == dims.length - 1;
        float[] out = last ? s.last : x == s.x ? s.next : s.x;
        int outOff = last ? b * lastSize : 0;
        float[] maps = attention == null ? null : attention[l];
        layers[l].forward(x, xOff, out, outOff, maps, first, rowsInBlock, s.layers[l]);
        x = out;
        xOff = outOff;
      }
    }
    attnFc.apply(s.last, 0, lastSize, s.logit, 0, LANES, blocks);
    if (deepMlp != null) {
      deepMlp.apply(s.emb, blocks, s.deep, 0, s.tmpA, s.tmpB);
      for (int r = 0; r < blocks * LANES; r++) {
        s.logit[r] += s.deep[r];
      }
    }
  }
}
