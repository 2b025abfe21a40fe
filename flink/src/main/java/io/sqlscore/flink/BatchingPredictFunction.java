package io.sqlscore.flink;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * The asynchronous ML_PREDICT function, the one Flink picks by default: it answers each row with
 * a future and scores rows in batches ({@link RowBatcher}) of up to {@code flushSize} rows, the
 * smaller of the model's {@code batch-size} and ML_PREDICT's {@code max-concurrent-operations}
 * (Flink's asynchronous operator holds at most that many rows in flight, so a larger batch would
 * only ever fill through the delay).
 */
public final class BatchingPredictFunction extends AsyncPredictFunction {
  private static final long serialVersionUID = 1L;

  private final ScoringPlan plan;
  private final int flushSize;
  private transient RowData.FieldGetter[] getters;
  private transient RowScorer scorer;
  private transient RowBatcher batcher;

  BatchingPredictFunction(ScoringPlan plan, int flushSize) {
    this.plan = plan;
    this.flushSize = flushSize;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    getters = plan.columns().getters();
    scorer = new RowScorer(plan, context);
    batcher = new RowBatcher(flushSize, plan.maxDelayMillis(), scorer::score);
  }

  @Override
  public CompletableFuture<Collection<RowData>> asyncPredict(RowData inputRow) {
    return batcher.add(ModelColumns.values(inputRow, getters));
  }

  @Override
  public void close() {
    if (batcher != null) {
      batcher.close();
      batcher = null;
    }
    if (scorer != null) {
      scorer.close();
      scorer = null;
    }
  }

  @Override
  public String toString() {
    return "sqlscore ML_PREDICT (batches of up to " + flushSize + " rows): " + plan.describe();
  }
}
