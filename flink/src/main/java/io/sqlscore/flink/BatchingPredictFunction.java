package io.sqlscore.flink;

import io.sqlscore.udf.encode.RowByRowBatch;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncPredictFunction;
import org.apache.flink.table.functions.FunctionContext;

/**
 * The asynchronous ML_PREDICT function, the one Flink picks by default: it answers each row with
 * a future and scores rows in batches ({@link RowBatcher}, on a scoring thread of its own) of up to
 * {@code flushSize} rows, the smaller of the model's {@code batch-size} and half ML_PREDICT's
 * {@code max-concurrent-operations} (Flink's asynchronous operator holds at most that many rows in
 * flight: with half of them in the batch being scored, the other half fills the next batch).
 */
public final class BatchingPredictFunction extends AsyncPredictFunction {
  private static final long serialVersionUID = 1L;

  private final ScoringPlan plan;
  private final int flushSize;
  private transient RowScorer scorer;
  private transient RowBatcher<RowByRowBatch> batcher;

  BatchingPredictFunction(ScoringPlan plan, int flushSize) {
    this.plan = plan;
    this.flushSize = flushSize;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    scorer = new RowScorer(plan, context);
    batcher = new RowBatcher<>(flushSize, plan.maxDelayMillis(), scorer);
  }

  @Override
  public CompletableFuture<Collection<RowData>> asyncPredict(RowData inputRow) {
    return batcher.add(inputRow);
  }

  @Override
  public void close() {
    if (batcher != null) {
      batcher.close(); // waits for a batch being scored, so the scorer is closed after it
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
