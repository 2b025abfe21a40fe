package io.sqlscore.flink;

import org.apache.flink.table.api.config.MLPredictRuntimeConfigOptions;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.AsyncPredictRuntimeProvider;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/**
 * The runtime side of a sqlscore model in Flink: both the asynchronous predict function (Flink's
 * default when a provider offers both; it scores batches) and the synchronous one (chosen with
 * {@code MAP['async', 'false']}; one row per forward pass). Both carry the same
 * {@link ScoringPlan}, with the model version pinned when the job was planned.
 */
final class SqlscoreModelProvider implements AsyncPredictRuntimeProvider, PredictRuntimeProvider {
  private final ScoringPlan plan;

  SqlscoreModelProvider(ScoringPlan plan) {
    this.plan = plan;
  }

  /** What the provider scores with. */
  ScoringPlan plan() {
    return plan;
  }

  @Override
  public AsyncPredictFunction createAsyncPredictFunction(Context context) {
    int concurrency = context.runtimeConfig()
        .getOptional(MLPredictRuntimeConfigOptions.ASYNC_MAX_CONCURRENT_OPERATIONS)
        .orElse(plan.concurrency());
    // Half the rows Flink lets be in flight, so that one batch fills while the one before is scored.
    return new BatchingPredictFunction(plan, Math.max(1, Math.min(plan.batchSize(), concurrency / 2)));
  }

  @Override
  public PredictFunction createPredictFunction(Context context) {
    return new RowPredictFunction(plan);
  }

  @Override
  public ModelProvider copy() {
    return new SqlscoreModelProvider(plan);
  }

  @Override
  public String toString() {
    return "sqlscore " + plan.describe();
  }
}
