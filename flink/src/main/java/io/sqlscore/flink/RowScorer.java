package io.sqlscore.flink;

import io.sqlscore.error.SqlscoreException;
import io.sqlscore.registry.ModelCache;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.encode.FeatureEncoder;
import io.sqlscore.udf.explain.Explainer;
import io.sqlscore.udf.explain.FieldNames;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;

/**
 * Scores rows for one subtask, a batch at a time, exactly as PREDICT / EXPLAIN_PREDICT do: the
 * same feature encoder and NULL policies, the same kernels (one forward pass per batch, on the
 * calling thread), the same explainer. Holds a lease on the process's shared model until closed.
 * Not thread-safe.
 */
final class RowScorer implements AutoCloseable {
  private final ScoringPlan plan;
  private final String subtask;
  private final ModelCache<CompiledModel>.Lease lease;
  private final FeatureEncoder encoder;
  private final ExplanationRows explanations;
  private final Outputs outputs;
  private final Counter rowsScored;
  private final Counter forwardPasses;
  private long rowsSeen;

  /**
   * A scorer for {@code plan} in the subtask of {@code context}, counting rows and forward passes
   * in its metric group {@code sqlscore_model} (whose variable names the pinned version).
   */
  RowScorer(ScoringPlan plan, FunctionContext context) {
    this.plan = plan;
    this.subtask = (context.getTaskInfo().getIndexOfThisSubtask() + 1) + " of "
        + context.getTaskInfo().getNumberOfParallelSubtasks();
    this.lease = SharedModels.acquire(plan.model(), plan.device());
    CompiledModel model = lease.model();
    this.encoder = new FeatureEncoder(model.config(), plan.model().label());
    Explainer explainer = Explainer.forKind(model.config().kind());
    this.explanations = plan.columns().explains()
        ? new ExplanationRows(explainer, plan.k(), FieldNames.of(model.config()))
        : null;
    this.outputs = explanations == null ? Outputs.NONE : explainer.needs();
    MetricGroup group = context.getMetricGroup().addGroup("sqlscore_model", plan.model().label());
    this.rowsScored = group.counter("rowsScored");
    this.forwardPasses = group.counter("forwardPasses");
  }

  /**
   * Scores {@code rows} (each the INPUT values of one row, as {@link ModelColumns#values} gives
   * them) in one forward pass and returns their OUTPUT rows, in order.
   *
   * @throws SqlscoreException BAD_FEATURE_VALUE naming the model, feature, column and row (counted
   *     within this subtask) for a value the model cannot take
   */
  List<RowData> score(Object[][] rows) {
    FeatureBatch batch;
    try {
      batch = encoder.encodeValues(rows, plan.columns().inputNames(), rowsSeen);
    } catch (SqlscoreException e) {
      throw new SqlscoreException(e.code(),
          e.detail() + " (rows are counted within ML_PREDICT subtask " + subtask + ")");
    }
    rowsSeen += rows.length;
    ForwardResult result = SharedModels.runner().forward(lease.model(), batch, outputs, 1);
    List<RowData> scored = new ArrayList<>(rows.length);
    double[] scores = result.scores();
    for (int r = 0; r < rows.length; r++) {
      scored.add(plan.columns().output(scores[r],
          explanations == null ? null : explanations.explain(result, r, rows[r])));
    }
    rowsScored.inc(rows.length);
    forwardPasses.inc();
    return scored;
  }

  @Override
  public void close() {
    lease.close();
  }
}
