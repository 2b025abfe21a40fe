package io.sqlscore.flink;

import java.io.Serializable;

/**
 * Everything a predict function needs on a task manager, fixed when the job is planned and
 * shipped with it: the pinned model, how its columns bind, and the scoring settings.
 *
 * @param model the pinned model version
 * @param columns the INPUT / OUTPUT binding
 * @param k cross features per explanation (0 without an explanation column)
 * @param batchSize the most rows per forward pass
 * @param device {@code cpu}, {@code gpu} or {@code auto}
 * @param maxDelayMillis the longest a row waits for its batch to fill
 * @param concurrency ML_PREDICT's session-wide {@code max-concurrent-operations}, which an
 *     ML_PREDICT call's own option overrides
 */
record ScoringPlan(PinnedModel model, ModelColumns columns, int k, int batchSize, String device, long maxDelayMillis,
    int concurrency) implements Serializable {
  /** One line for logs: the model and the settings. */
  String describe() {
    return model.describe() + ", batch " + batchSize + ", device " + device
        + (k > 0 ? ", explain " + k : "");
  }
}
