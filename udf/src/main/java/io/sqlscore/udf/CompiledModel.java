package io.sqlscore.udf;

import io.sqlscore.model.ModelConfig;

/**
 * A model ready to score on one backend. Implementations are thread-safe: one instance serves
 * concurrent queries, and the same rows give the same results whichever thread runs them.
 */
public interface CompiledModel extends AutoCloseable {
  /** The config the model was compiled from. */
  ModelConfig config();

  /**
   * Runs the eval-mode forward pass on one batch in the calling thread.
   *
   * @throws io.sqlscore.error.SqlscoreException INVALID_ARGUMENT when the batch's field count
   *     differs from the model's, BAD_FEATURE_VALUE when an id is outside {@code [0, nfeat)}
   */
  ForwardResult forward(FeatureBatch batch, Outputs outputs);

  /**
   * Like {@link #forward(FeatureBatch, Outputs)}, but may write the optional outputs (gates,
   * interaction weights, cross-feature orders, attention maps) into the arrays of {@code spent},
   * an earlier result of this model whose optional outputs the caller no longer reads; its scores
   * and logits are never reused. A scan that explains slice after slice thus stops allocating
   * and zeroing those arrays for every slice. {@code spent} may be null.
   */
  default ForwardResult forward(FeatureBatch batch, Outputs outputs, ForwardResult spent) {
    return forward(batch, outputs);
  }

  /**
   * Whether the model wants each batch whole, in one {@link #forward} call on one thread (a GPU
   * model, which overlaps transfers and kernels itself), rather than cut into slices spread over
   * threads (a CPU model, the default).
   */
  default boolean prefersWholeBatches() {
    return false;
  }

  /**
   * Starts a forward pass of the whole batch and returns it, possibly still running: a model that
   * {@link #scoresInBackground() scores in the background} copies the rows in and queues the
   * pass, so that the caller can prepare the next batch meanwhile; any other model runs it here
   * (in the calling thread) and returns it finished. The caller must {@link PendingForward#await
   * await} or {@link PendingForward#close close} the result.
   *
   * @throws io.sqlscore.error.SqlscoreException INVALID_ARGUMENT when the batch's field count
   *     differs from the model's; errors found by the pass itself may come only from await
   */
  default PendingForward submit(FeatureBatch batch, Outputs outputs) {
    return PendingForward.done(forward(batch, outputs));
  }

  /**
   * Whether {@link #submit} returns before the pass is done (a GPU model with pipelining on),
   * so that a scan gains by submitting its next batch before it collects the current one.
   */
  default boolean scoresInBackground() {
    return false;
  }

  /** Bytes the compiled weights occupy (heap or device). */
  long memoryBytes();

  /** Releases the weights; the model must not be used afterwards. */
  @Override
  void close();
}
