package io.sqlscore.bench;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.train.Batch;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The training step of ARM-Net+ or AutoInt+ written for ND4J SameDiff: the same parameters and
 * forward pass as the engine's (MODELS.md sections 5 and 7, BatchNorm on batch statistics),
 * gradients by SameDiff's autodiff and SameDiff's Adam with L2 weight decay, one
 * {@link SameDiff#fit} per batch. ARM-Net's gates run the normative 50-step entmax bisection as
 * graph ops, as the official PyTorch code does; their gradient is the entmax Jacobian attached by
 * a stop-gradient identity ({@code p + f(s) − stop(f(s))} with
 * {@code f(s) = g' ⊙ s − g'·Σ(g' ⊙ s)/Σg'}, g' = stop(p^{2−α})), which autodiff cannot derive
 * through the bisection. Not done here (a few per cent of a step): gradient clipping and the
 * BatchNorm running statistics.
 *
 * <p>Embedding lookups are one-hot rows times the table: in 1.0.0-M2.1 the gradient of
 * {@code gather} fails inside {@code fit} ("One of Input arguments was closed before call": its
 * session frees a shape array too early) and {@code gatherNd} has no gradient. That adds
 * B·F·N·E multiply-adds each way (at Adult's 112 features about a fifth of a step).
 */
final class SameDiffTraining {
  private static final int ENTMAX_ITERATIONS = 50;

  private final SameDiff sd = SameDiff.create();
  private final ModelConfig config;
  private final Random random = new Random(7);

  SameDiffTraining(ModelConfig config, int rows, double learningRate, double weightDecay) {
    this.config = config;
    int f = config.nfield();
    SDVariable ids = sd.placeHolder("ids", DataType.INT, (long) rows * f);
    SDVariable values = sd.placeHolder("values", DataType.FLOAT, rows, f);
    SDVariable label = sd.placeHolder("label", DataType.FLOAT, rows, 1);
    SDVariable logit = config.kind() == ModelKind.ARMNET_PLUS ? armNetPlus(ids, values, rows) : autoIntPlus(ids, values, rows);
    sd.loss().sigmoidCrossEntropy("loss", label, logit, null);
    sd.setTrainingConfig(TrainingConfig.builder()
        .updater(new Adam(learningRate))
        .l2(weightDecay)
        .dataSetFeatureMapping("ids", "values")
        .dataSetLabelMapping("label")
        .build());
  }

  private Map<String, INDArray> inputs(Batch batch) {
    Map<String, INDArray> inputs = new HashMap<>();
    inputs.put("ids", Nd4j.createFromArray(batch.ids()));
    inputs.put("values", Nd4j.createFromArray(batch.values()).reshape(batch.rows(), config.nfield()));
    inputs.put("label", Nd4j.createFromArray(batch.labels()).reshape(batch.rows(), 1));
    return inputs;
  }

  /** One training step on a batch of exactly the rows the graph was built for. */
  void step(Batch batch) {
    Map<String, INDArray> in = inputs(batch);
    sd.fit(new org.nd4j.linalg.dataset.MultiDataSet(
        new INDArray[] {in.get("ids"), in.get("values")}, new INDArray[] {in.get("label")}));
  }

  /** The mean loss on {@code batch} with the current weights (no step). */
  double loss(Batch batch) {
    return sd.outputSingle(inputs(batch), "loss").getDouble(0);
  }

  private SDVariable weight(String name, double scale, long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] data = new float[(int) n];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) ((2 * random.nextDouble() - 1) * scale);
    }
    return sd.var(name, Nd4j.create(data, shape, 'c'));
  }

  private SDVariable constant(String name, float value, long... shape) {
    return sd.var(name, Nd4j.valueArrayOf(shape, value).castTo(DataType.FLOAT));
  }

  private SDVariable stop(SDVariable x) {
    return new StopGradient(sd, x).outputVariable();
  }

  /** Embedding lookups scaled by the values: {@code [B, F, E]}. */
  private SDVariable embed(String table, SDVariable ids, SDVariable values, int rows) {
    int f = config.nfield();
    int e = config.nemb();
    SDVariable t = weight(table, Math.sqrt(6.0 / (config.nfeat() + e)), config.nfeat(), e);
    SDVariable rowsOf = sd.oneHot(ids, config.nfeat()).castTo(DataType.FLOAT).mmul(t).reshape(rows, f, e);
    return rowsOf.mul(values.reshape(rows, f, 1));
  }

  /** BatchNorm1d in training mode over {@code axes} (batch statistics), channels of size c. */
  private SDVariable batchNorm(String name, SDVariable x, int c, long[] channelShape, int... axes) {
    SDVariable mean = x.mean(true, axes);
    SDVariable centered = x.sub(mean);
    SDVariable var = centered.mul(centered).mean(true, axes);
    SDVariable gamma = constant(name + ".weight", 1f, c).reshape(channelShape);
    SDVariable beta = constant(name + ".bias", 0f, c).reshape(channelShape);
    return centered.div(sd.math().sqrt(var.add(1e-5))).mul(gamma).add(beta);
  }

  /** The official MLP: (Linear, BatchNorm, ReLU) per hidden layer, then Linear to one output. */
  private SDVariable mlp(String prefix, SDVariable x, long in, int layers, int hidden) {
    long width = in;
    for (int i = 0; i < layers; i++) {
      SDVariable w = weight(prefix + ".w" + i, 1 / Math.sqrt(width), width, hidden);
      SDVariable b = weight(prefix + ".b" + i, 1 / Math.sqrt(width), hidden);
      x = sd.nn().relu(batchNorm(prefix + ".bn" + i, x.mmul(w).add(b), hidden, new long[] {1, hidden}, 0), 0);
      width = hidden;
    }
    SDVariable w = weight(prefix + ".out", 1 / Math.sqrt(width), width, 1);
    return x.mmul(w).add(weight(prefix + ".outb", 1 / Math.sqrt(width), 1));
  }

  private SDVariable armNetPlus(SDVariable ids, SDVariable valuesIn, int rows) {
    int f = config.nfield();
    int e = config.nemb();
    int k = config.nhead();
    int o = config.nhid();
    int n = k * o;
    SDVariable values = sd.clipByValue(valuesIn, 0.001, 1.0);
    SDVariable emb = embed("embedding", ids, values, rows);
    SDVariable bilinear = weight("bilinear_w", 1.414 * Math.sqrt(6.0 / (e * e + k * e)), k, e, e);
    SDVariable query = weight("query", 1.414 * Math.sqrt(6.0 / (o * e + k * e)), k, o, e);
    SDVariable interaction = weight("attn_values", 1.414 * Math.sqrt(6.0 / (o * f + k * f)), n, f);
    // M[k] = W[k] · q[k]ᵀ: [K, E, O] -> [E, K·O]
    SDVariable m = sd.mmul(bilinear, query, false, true, false).permute(1, 0, 2).reshape(e, n);
    SDVariable scores = emb.reshape((long) rows * f, e).mmul(m).reshape(rows, f, n).permute(0, 2, 1)
        .mul(Math.pow(e, -0.5));
    SDVariable gates = entmax(scores, config.alpha(), f);
    SDVariable w = gates.mul(interaction);
    SDVariable neurons = sd.math().exp(sd.mmul(w, emb));
    SDVariable h = batchNorm("arm_bn", neurons, n, new long[] {1, n, 1}, 0, 2).reshape(rows, (long) n * e);
    SDVariable yArm = mlp("mlp", h, (long) n * e, config.mlpLayers(), config.mlpHidden());
    SDVariable deep = embed("deep_embedding", ids, values, rows).reshape(rows, (long) f * e);
    SDVariable yDeep = mlp("deep_mlp", deep, (long) f * e, config.deepLayers(), config.deepHidden());
    SDVariable mix = constant("ensemble.weight", 0.5f, 2, 1);
    return sd.concat(1, yArm, yDeep).mmul(mix).add(constant("ensemble.bias", 0f, 1));
  }

  /** α-entmax over the last axis by the normative bisection, with the entmax Jacobian attached. */
  private SDVariable entmax(SDVariable s, double alpha, int fields) {
    double am1 = alpha - 1;
    double r = 1 / am1;
    SDVariable x = stop(s).mul(am1);
    SDVariable max = x.max(true, 2);
    SDVariable lo = max.sub(1);
    SDVariable dm = max.sub(Math.pow(1.0 / fields, am1)).sub(lo);
    SDVariable fLo = sd.math().pow(sd.nn().relu(x.sub(lo), 0), r).sum(true, 2).sub(1);
    SDVariable p = null;
    for (int it = 0; it < ENTMAX_ITERATIONS; it++) {
      dm = dm.div(2);
      SDVariable mid = lo.add(dm);
      p = sd.math().pow(sd.nn().relu(x.sub(mid), 0), r);
      SDVariable fMid = p.sum(true, 2).sub(1);
      lo = lo.add(fMid.mul(fLo).gte(0).castTo(DataType.FLOAT).mul(dm));
    }
    SDVariable gates = stop(p.div(p.sum(true, 2)));
    SDVariable slope = stop(sd.math().pow(gates, 2 - alpha).mul(gates.gt(0).castTo(DataType.FLOAT)));
    SDVariable weighted = slope.mul(s);
    SDVariable linear = weighted.sub(slope.mul(weighted.sum(true, 2).div(slope.sum(true, 2))));
    return gates.add(linear).sub(stop(linear));
  }

  private SDVariable autoIntPlus(SDVariable ids, SDVariable values, int rows) {
    int f = config.nfield();
    int e = config.nemb();
    int heads = config.nhead();
    SDVariable emb = embed("embedding", ids, values, rows);
    SDVariable x = emb;
    long in = e;
    int l = 0;
    for (int d : config.attnDims()) {
      int dh = d / heads;
      SDVariable flat = x.reshape((long) rows * f, in);
      SDVariable[] parts = new SDVariable[4];
      for (int p = 0; p < 4; p++) {
        SDVariable w = weight("l" + l + ".w" + p, 1 / Math.sqrt(in), in, d);
        SDVariable b = weight("l" + l + ".b" + p, 1 / Math.sqrt(in), d);
        parts[p] = sd.nn().relu(flat.mmul(w).add(b), 0);
      }
      SDVariable q = parts[0].reshape(rows, f, heads, dh).permute(0, 2, 1, 3);
      SDVariable k = parts[1].reshape(rows, f, heads, dh).permute(0, 2, 1, 3);
      SDVariable v = parts[2].reshape(rows, f, heads, dh).permute(0, 2, 1, 3);
      SDVariable attention = sd.nn().softmax(sd.mmul(q, k, false, true, false).div((float) Math.sqrt(dh)), 3);
      SDVariable u = sd.mmul(attention, v).permute(0, 2, 1, 3).reshape(rows, f, d);
      SDVariable z = sd.nn().relu(u.add(parts[3].reshape(rows, f, d)), 0);
      SDVariable centered = z.sub(z.mean(true, 2));
      SDVariable var = centered.mul(centered).mean(true, 2);
      SDVariable gamma = constant("l" + l + ".ln.weight", 1f, d).reshape(1, 1, d);
      SDVariable beta = constant("l" + l + ".ln.bias", 0f, d).reshape(1, 1, d);
      x = centered.div(sd.math().sqrt(var.add(1e-8))).mul(gamma).add(beta);
      in = d;
      l++;
    }
    SDVariable fc = x.reshape(rows, f * in).mmul(weight("attn_fc.w", 1 / Math.sqrt(f * in), f * in, 1))
        .add(weight("attn_fc.b", 1 / Math.sqrt(f * in), 1));
    SDVariable deep = mlp("deep_mlp", emb.reshape(rows, (long) f * e), (long) f * e, config.deepLayers(), config.deepHidden());
    return fc.add(deep);
  }
}
