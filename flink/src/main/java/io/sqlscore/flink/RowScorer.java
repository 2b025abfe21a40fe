package io.sqlscore.flink;

import io.sqlscore.error.SqlscoreException;
import io.sqlscore.registry.ModelCache;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.encode.FeatureEncoder;
import io.sqlscore.udf.encode.RowByRowBatch;
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
 * same feature encoder and NULL policies, the same kernels (one forward pass per batch), the same
 * explainer. Rows are encoded into their batch as they arrive ({@link #add}) and batches scored
 * later ({@link #score(RowByRowBatch, RowData[])}), possibly on another thread: one thread may add
 * while one other scores. Holds a lease on the process's shared model until closed.
 */
final class RowScorer implements RowBatcher.Scoring<RowByRowBatch>, AutoCloseable {
  private final ScoringPlan plan;
  private final String subtask;
  private final ModelCache<CompiledModel>.Lease lease;
  private final FeatureEncoder encoder;
  private final List<Class<?>> valueTypes;
  /** Read by the adding thread. */
  private final InputRows added;
  /** Read by the scoring thread, for the text of explanations. */
  private final InputRows scored;
  private final ExplanationRows explanations;
  private final Outputs outputs;
  private final Counter rowsScored;
  private final Counter forwardPasses;
  /** Rows added so far (the adding thread's). */
  private long rowsAdded;

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
    this.valueTypes = plan.columns().inputValueTypes();
    this.added = plan.columns().inputRows();
    this.scored = plan.columns().inputRows();
    Explainer explainer = Explainer.forKind(model.config().kind());
    this.explanations = plan.columns().explains()
        ? new ExplanationRows(explainer, plan.k(), FieldNames.of(model.config()))
        : null;
    this.outputs = explanations == null ? Outputs.NONE : explainer.needs();
    MetricGroup group = context.getMetricGroup().addGroup("sqlscore_model", plan.model().label());
    this.rowsScored = group.counter("rowsScored");
    this.forwardPasses = group.counter("forwardPasses");
  }

  @Override
  public RowByRowBatch newBatch(int capacity) {
    return encoder.rowByRow(valueTypes, plan.columns().inputNames(), capacity, rowsAdded);
  }

  /**
   * Encodes row {@code row} of {@code rows} (Flink's rows) into {@code batch}.
   *
   * @throws SqlscoreException BAD_FEATURE_VALUE naming the model, feature, column and row (counted
   *     within this subtask) for a value the model cannot take
   */
  @Override
  public void add(RowByRowBatch batch, RowData[] rows, int row) {
    try {
      batch.add(added.of(rows), row);
    } catch (SqlscoreException e) {
      throw new SqlscoreException(e.code(),
          e.detail() + " (rows are counted within ML_PREDICT subtask " + subtask + ")");
    }
    rowsAdded++;
  }

  /** Scores {@code batch}, whose rows are {@code rows}, in one forward pass and returns their OUTPUT rows, in order. */
  @Override
  public List<RowData> score(RowByRowBatch batch, RowData[] rows) {
    ForwardResult result = SharedModels.runner().forward(lease.model(), batch.batch(), outputs, 1);
    List<RowData> out = new ArrayList<>(rows.length);
    double[] scores = result.scores();
    InputRows inputs = scored.of(rows);
    for (int r = 0; r < rows.length; r++) {
      out.add(plan.columns().output(scores[r],
          explanations == null ? null : explanations.explain(result, r, inputs.values(r))));
    }
    rowsScored.inc(rows.length);
    forwardPasses.inc();
    return out;
  }

  /** Encodes and scores {@code rows} on the calling thread (the synchronous function's one row). */
  List<RowData> score(RowData[] rows) {
    RowByRowBatch batch = newBatch(rows.length);
    for (int r = 0; r < rows.length; r++) {
      add(batch, rows, r);
    }
    return score(batch, rows);
  }

  @Override
  public void close() {
    lease.close();
  }
}
