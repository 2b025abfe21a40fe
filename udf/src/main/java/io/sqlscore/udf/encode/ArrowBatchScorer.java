package io.sqlscore.udf.encode;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;

/**
 * Scores Arrow batches: encodes the feature columns, runs the model over the configured number
 * of threads and writes one score per row into a {@link Float8Vector}. The forward result is
 * returned for callers that also decode explanations. Thread-safe.
 */
public final class ArrowBatchScorer {
  private final CompiledModel model;
  private final FeatureEncoder encoder;
  private final BatchRunner runner;
  private final int threads;

  /**
   * A scorer for {@code model} using {@code encoder} (built from the same config) and up to
   * {@code threads} threads of {@code runner}.
   */
  public ArrowBatchScorer(CompiledModel model, FeatureEncoder encoder, BatchRunner runner, int threads) {
    if (!model.config().canonicalJson().equals(encoder.config().canonicalJson())) {
      throw SqlscoreException.of(
          ErrorCode.INVALID_ARGUMENT, "the encoder was built for another model config than the compiled model");
    }
    if (threads < 1) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "threads must be at least 1, got %d", threads);
    }
    this.model = model;
    this.encoder = encoder;
    this.runner = runner;
    this.threads = threads;
  }

  /**
   * Scores one batch and writes the scores into {@code scores} (resized as needed; its value
   * count becomes the row count).
   *
   * @param columns one vector per feature, in feature order
   * @param columnNames the SQL names of the columns, for messages
   * @param firstRow the 0-based index, within the query, of the batch's first row
   * @param outputs optional outputs wanted besides scores
   * @param scores receives sigmoid(logit) for binary models, the logit for regression
   */
  public ForwardResult score(
      List<? extends FieldVector> columns,
      List<String> columnNames,
      long firstRow,
      Outputs outputs,
      Float8Vector scores) {
    FeatureBatch batch = encoder.encode(columns, columnNames, firstRow);
    ForwardResult result = runner.forward(model, batch, outputs, threads);
    double[] values = result.scores();
    for (int r = 0; r < values.length; r++) {
      scores.setSafe(r, values[r]);
    }
    scores.setValueCount(values.length);
    return result;
  }
}
