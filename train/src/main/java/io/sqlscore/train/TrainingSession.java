package io.sqlscore.train;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensorsWriter;
import io.sqlscore.model.Task;
import io.sqlscore.train.math.Workers;
import io.sqlscore.train.nn.Adam;
import io.sqlscore.train.nn.Loss;
import io.sqlscore.train.nn.Network;
import io.sqlscore.train.nn.NetworkOptions;
import io.sqlscore.train.nn.Parameters;
import io.sqlscore.train.nn.Tensor;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * One model being trained, a step at a time: freshly initialised weights (from the options'
 * seed), the network of the config's kind, Adam and a pool of the options' threads.
 * {@link Trainer} drives it over epochs; benchmarks time its steps.
 *
 * <p>Regression labels are trained standardised by the given mean and scale; {@link #weights()}
 * folds that (and ARM-Net's gate temperature) back into the output layer (and {@code query}),
 * so the package scores on the labels' own scale with the official forward pass. Not
 * thread-safe.
 */
public final class TrainingSession implements AutoCloseable {
  private final ModelConfig config;
  private final TrainOptions options;
  private final Workers workers;
  private final Parameters parameters;
  private final Network network;
  private final Adam adam;
  private final Loss loss;
  private final double labelMean;
  private final double labelScale;
  private float[] labels = new float[0];
  private float[] dLogits = new float[0];

  /**
   * A session for {@code config} with regression labels standardised as
   * {@code (y − labelMean) / labelScale} (use 0 and 1 for binary models).
   */
  public TrainingSession(ModelConfig config, TrainOptions options, double labelMean, double labelScale) {
    if (!(labelScale > 0) || !Double.isFinite(labelMean)) {
      throw SqlscoreException.of(
          ErrorCode.INVALID_ARGUMENT, "label standardisation needs a finite mean and a positive scale, got %s and %s",
          labelMean, labelScale);
    }
    this.config = config;
    this.options = options;
    this.labelMean = labelMean;
    this.labelScale = labelScale;
    this.workers = new Workers(options.threads());
    this.parameters = Parameters.initial(config, options.seed());
    NetworkOptions networkOptions =
        new NetworkOptions((float) options.dropout(), options.gateTemperature(), options.seed());
    this.network = Network.create(config, parameters, networkOptions);
    this.adam =
        new Adam(parameters.trainable(), options.learningRate(config.kind()), options.weightDecay(), options.gradClip());
    this.loss = Loss.of(config.task());
  }

  /** A session without label standardisation. */
  public TrainingSession(ModelConfig config, TrainOptions options) {
    this(config, options, 0, 1);
  }

  /** The model's config. */
  public ModelConfig config() {
    return config;
  }

  /** The tensors being trained (tests compare them with an independent forward pass). */
  Parameters parameters() {
    return parameters;
  }

  /** Steps taken so far. */
  public long steps() {
    return adam.steps();
  }

  /**
   * One training step on {@code batch}: forward, loss, backward, Adam. Returns the batch's
   * mean loss (before the step).
   *
   * @throws SqlscoreException INVALID_ARGUMENT for a batch of fewer than 2 rows (BatchNorm needs
   *     two), BAD_FEATURE_VALUE for an id outside the feature space
   */
  public double step(Batch batch) {
    int rows = batch.rows();
    if (rows < 2) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "a training batch needs at least 2 rows, got %d", rows);
    }
    if (labels.length < rows) {
      labels = new float[rows];
      dLogits = new float[rows];
    }
    for (int b = 0; b < rows; b++) {
      labels[b] = (float) ((batch.labels()[b] - labelMean) / labelScale);
    }
    parameters.zeroGradients();
    float[] logits = network.forward(workers, rows, batch.ids(), batch.values(), adam.steps());
    double mean = loss.evaluate(logits, labels, rows, dLogits);
    network.backward(workers, dLogits);
    adam.step(workers);
    return mean;
  }

  /**
   * The current weights as {@code weights.safetensors} bytes: every tensor of the package
   * format under its state_dict name, plus each BatchNorm's {@code num_batches_tracked}.
   */
  public byte[] weights() {
    SafeTensorsWriter writer = new SafeTensorsWriter().metadata("format", "pt");
    String outputLayer = outputLayer();
    for (Tensor t : parameters.all().values()) {
      float[] data = t.data().clone();
      String name = t.name();
      if (name.equals("attn_layer.query") && options.gateTemperature() != 1.0) {
        scale(data, 1.0 / options.gateTemperature());
      }
      if (config.task() == Task.REGRESSION) {
        if (name.equals(outputLayer + ".weight") || name.equals(deepOutputLayer() + ".weight")) {
          scale(data, labelScale);
        } else if (name.equals(outputLayer + ".bias")) {
          data[0] = (float) (data[0] * labelScale + labelMean);
        } else if (name.equals(deepOutputLayer() + ".bias")) {
          data[0] = (float) (data[0] * labelScale);
        }
      }
      long[] shape = new long[t.shape().length];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = t.shape()[i];
      }
      writer.addFloats(name, shape, data);
    }
    for (Map.Entry<String, long[]> counter : parameters.allBatchesTracked().entrySet()) {
      writer.addLongScalar(counter.getKey() + ".num_batches_tracked", counter.getValue()[0]);
    }
    return writer.toBytes();
  }

  private static void scale(float[] data, double factor) {
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (data[i] * factor);
    }
  }

  /** The layer whose output is the logit (ARM-Net+: the mix of the two branches). */
  private String outputLayer() {
    return switch (config.kind()) {
      case ARMNET -> "mlp.mlp." + 4 * config.mlpLayers();
      case ARMNET_PLUS -> "ensemble_layer";
      default -> "attn_fc";
    };
  }

  /** AutoInt+'s second summand; none for the other kinds. */
  private String deepOutputLayer() {
    return config.kind() == ModelKind.AUTOINT_PLUS ? "deep_mlp.mlp." + 4 * config.deepLayers() : "-";
  }

  /** The current weights with the config, as a package named {@code source} in messages. */
  public ModelPackage snapshot(String source) {
    return ModelPackage.of(config.rawJson(), ByteBuffer.wrap(weights()), null, null, source);
  }

  @Override
  public void close() {
    workers.close();
  }
}
