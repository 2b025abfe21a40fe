package io.sqlscore.udf.cpu;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.ArmLayout;
import io.sqlscore.udf.ArmNetScoreMatrix;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Output;
import io.sqlscore.udf.Outputs;

/**
 * ARM-Net and ARM-Net+ (MODELS.md sections 4 and 5) on the CPU.
 *
 * <p>Per tile of rows: clamped embeddings; the bilinear attention scores as one GEMM against
 * {@code M[x, k·O+o] = Σ_y bilinear_w[k,x,y] · query[k,o,y]} (precomputed in double), scaled
 * after the sum; entmax gates per row with neurons in vector lanes; interaction weights; the
 * exponential neurons' sums in float and their exp and arm_bn in double (section 9); then the
 * MLP. Internally neurons are padded to a multiple of the vector width and the MLP input is
 * laid out {@code [E][neurons]}; the first MLP weight is permuted to match at load time.
 */
final class ArmNetModel implements CompiledModel {
  private static final int TILE = 64;

  private final ModelConfig config;
  private final int fields;
  private final int emb;
  private final int heads;
  private final int neuronsPerHead;
  private final int neurons;
  private final int stride;
  private final ArmLayout armLayout;
  private final EmbeddingTable embedding;
  private final DenseLayer scores;
  private final float scale;
  private final Entmax entmax;
  private final float[] valuesByField;
  private final ExponentialNeurons exponential;
  private final Mlp mlp;
  private final EmbeddingTable deepEmbedding;
  private final Mlp deepMlp;
  private final float[] ensemble;

  ArmNetModel(ModelPackage pkg) {
    this.config = pkg.config();
    SafeTensors w = pkg.weights();
    this.fields = config.nfield();
    this.emb = config.nemb();
    this.heads = config.nhead();
    this.neuronsPerHead = config.nhid();
    this.neurons = heads * neuronsPerHead;
    this.stride = ExponentialNeurons.paddedNeurons(neurons);
    this.armLayout = ArmLayout.fieldMajor(fields, stride);
    this.embedding = new EmbeddingTable(w.floats("embedding.embedding.weight"), emb);
    this.scores = DenseLayer.fromColumns(ArmNetScoreMatrix.of(w, config, stride), null, emb, stride, false);
    this.scale = (float) Math.pow(emb, -0.5);
    this.entmax = new Entmax(config.alpha(), fields);
    float[] values = w.floats("attn_layer.values");
    this.valuesByField = new float[fields * stride];
    for (int n = 0; n < neurons; n++) {
      for (int f = 0; f < fields; f++) {
        valuesByField[f * stride + n] = values[n * fields + f];
      }
    }
    this.exponential =
        new ExponentialNeurons(
            fields,
            emb,
            neurons,
            w.floats("arm_bn.weight"),
            w.floats("arm_bn.bias"),
            w.floats("arm_bn.running_mean"),
            w.floats("arm_bn.running_var"));
    this.mlp =
        Mlp.load(w, "mlp", emb * stride, config.mlpLayers(), config.mlpHidden(), this::permuteFirstWeight);
    if (config.kind() == ModelKind.ARMNET_PLUS) {
      this.deepEmbedding = new EmbeddingTable(w.floats("deep_embedding.embedding.weight"), emb);
      this.deepMlp =
          Mlp.load(w, "deep_mlp", fields * emb, config.deepLayers(), config.deepHidden(), weight -> weight);
      float[] mix = w.floats("ensemble_layer.weight");
      this.ensemble = new float[] {mix[0], mix[1], w.floats("ensemble_layer.bias")[0]};
    } else {
      this.deepEmbedding = null;
      this.deepMlp = null;
      this.ensemble = null;
    }
  }

  /** Official input index (k·O+o)·E + j becomes j·stride + (k·O+o); padded neurons get 0. */
  private float[] permuteFirstWeight(float[] weight) {
    int in = neurons * emb;
    int out = weight.length / in;
    int permutedIn = emb * stride;
    float[] permuted = new float[out * permutedIn];
    for (int h = 0; h < out; h++) {
      for (int n = 0; n < neurons; n++) {
        for (int j = 0; j < emb; j++) {
          permuted[h * permutedIn + j * stride + n] = weight[h * in + n * emb + j];
        }
      }
    }
    return permuted;
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public long memoryBytes() {
    long bytes = embedding.memoryBytes() + scores.memoryBytes() + mlp.memoryBytes();
    bytes += 4L * valuesByField.length + exponential.memoryBytes();
    if (deepMlp != null) {
      bytes += deepEmbedding.memoryBytes() + deepMlp.memoryBytes();
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

  /** Every element of the reused arrays is overwritten: {@link #export} copies whole rows. */
  @Override
  public ForwardResult forward(FeatureBatch batch, Outputs outputs, ForwardResult spent) {
    batch.checkFits(config);
    int rows = batch.rows();
    int cells = rows * armLayout.rowStep();
    float[] gatesOut = outputs.contains(Output.GATES)
        ? SpentArrays.floats(spent == null ? null : spent.gatesAsLaidOut(), cells) : null;
    float[] weightsOut = outputs.contains(Output.INTERACTION_WEIGHTS)
        ? SpentArrays.floats(spent == null ? null : spent.interactionWeightsAsLaidOut(), cells) : null;
    int[] orderOut = outputs.contains(Output.CROSS_FEATURE_ORDER)
        ? SpentArrays.ints(spent == null ? null : spent.crossFeatureOrder(), rows * neurons) : null;
    double[] logits = new double[rows];
    double[] scoresOut = new double[rows];
    Scratch scratch = new Scratch(Math.min(rows, TILE));
    for (int start = 0; start < rows; start += TILE) {
      int count = Math.min(TILE, rows - start);
      forwardTile(batch, start, count, scratch, gatesOut, weightsOut, orderOut);
      for (int r = 0; r < count; r++) {
        logits[start + r] = scratch.logit[r];
        scoresOut[start + r] = config.task().score(scratch.logit[r]);
      }
    }
    return new ForwardResult(
        rows, fields, heads, neuronsPerHead, 0, logits, scoresOut, gatesOut, weightsOut, armLayout, orderOut, null);
  }

  /** Per-call working memory for one tile of rows. */
  private final class Scratch {
    final float[] emb;
    final float[] scores;
    final float[] gates;
    final float[] weights;
    final float[] entmax;
    final ExponentialNeurons.Workspace neurons;
    final float[] hidden;
    final float[] tmpA;
    final float[] tmpB;
    final float[] logit;
    final float[] deep;

    Scratch(int tile) {
      int cells = tile * fields;
      this.emb = new float[cells * ArmNetModel.this.emb];
      this.scores = new float[cells * stride];
      this.gates = new float[fields * stride];
      this.weights = new float[fields * stride];
      this.entmax = new float[ArmNetModel.this.entmax.scratchSize()];
      this.neurons = exponential.newWorkspace();
      this.hidden = new float[tile * ArmNetModel.this.emb * stride];
      int width = Math.max(mlp.scratchPerRow(), deepMlp == null ? 0 : deepMlp.scratchPerRow());
      this.tmpA = new float[tile * width];
      this.tmpB = new float[tile * width];
      this.logit = new float[tile];
      this.deep = new float[tile];
    }
  }

  private void forwardTile(
      FeatureBatch batch, int start, int count, Scratch s, float[] gatesOut, float[] weightsOut, int[] orderOut) {
    int[] ids = batch.ids();
    float[] values = batch.values();
    int first = start * fields;
    embedding.gather(ids, values, first, count * fields, true, s.emb);
    scores.apply(s.emb, 0, emb, count * fields, s.scores, 0, stride);
    int hiddenWidth = emb * stride;
    for (int r = 0; r < count; r++) {
      entmax.gates(s.scores, r * fields * stride, stride, scale, s.gates, 0, s.entmax);
      for (int i = 0; i < fields * stride; i++) {
        s.weights[i] = s.gates[i] * valuesByField[i];
      }
      int b = start + r;
      if (gatesOut != null || weightsOut != null || orderOut != null) {
        export(b, s, gatesOut, weightsOut, orderOut);
      }
      exponential.apply(s.weights, s.emb, r * fields * emb, s.hidden, r * hiddenWidth, s.neurons);
    }
    mlp.apply(s.hidden, 0, hiddenWidth, count, s.logit, 0, s.tmpA, s.tmpB);
    if (deepMlp != null) {
      deepEmbedding.gather(ids, values, first, count * fields, true, s.emb);
      deepMlp.apply(s.emb, 0, fields * emb, count, s.deep, 0, s.tmpA, s.tmpB);
      for (int r = 0; r < count; r++) {
        s.logit[r] = ensemble[0] * s.logit[r] + ensemble[1] * s.deep[r] + ensemble[2];
      }
    }
  }

  /**
   * Copies one row's gates and interaction weights out in this model's field-major layout
   * ({@link ArmLayout#fieldMajor}, one copy each), and its support sizes.
   */
  private void export(int b, Scratch s, float[] gatesOut, float[] weightsOut, int[] orderOut) {
    int rowStart = b * armLayout.rowStep();
    if (gatesOut != null) {
      System.arraycopy(s.gates, 0, gatesOut, rowStart, armLayout.rowStep());
    }
    if (weightsOut != null) {
      System.arraycopy(s.weights, 0, weightsOut, rowStart, armLayout.rowStep());
    }
    if (orderOut != null) {
      for (int n = 0; n < neurons; n++) {
        int order = 0;
        for (int f = 0; f < fields; f++) {
          order += s.gates[f * stride + n] > 0f ? 1 : 0;
        }
        orderOut[b * neurons + n] = order;
      }
    }
  }
}
