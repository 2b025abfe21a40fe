package io.sqlscore.train.nn;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.train.math.Workers;

/**
 * A model kind in training mode: a forward pass over one batch that keeps what its backward
 * pass needs, and a backward pass that adds every parameter's gradient. Not thread-safe: one
 * training run owns one network (its passes use the run's {@link Workers}).
 */
public interface Network {
  /**
   * Runs the training-mode forward pass over {@code rows} rows of field-major {@code ids} and
   * {@code values} ({@code rows × nfield}) and returns one logit per row, in an array the
   * network owns until its next call. {@code step} numbers the training step (dropout masks).
   */
  float[] forward(Workers workers, int rows, int[] ids, float[] values, long step);

  /** Adds the gradient of the loss to every parameter, given dLoss/dLogit of each row. */
  void backward(Workers workers, float[] dLogits);

  /** The tensors being trained. */
  Parameters parameters();

  /** The network of {@code config}'s kind over {@code parameters}. */
  static Network create(ModelConfig config, Parameters parameters, NetworkOptions options) {
    return config.kind().isArmNet()
        ? new ArmNetNetwork(config, parameters, options)
        : new AutoIntNetwork(config, parameters, options);
  }
}
