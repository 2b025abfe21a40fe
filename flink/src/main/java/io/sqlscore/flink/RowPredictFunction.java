package io.sqlscore.flink;

import java.util.Collection;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;

/**
 * The synchronous ML_PREDICT function ({@code MAP['async', 'false']}). Flink's
 * {@link PredictFunction} contract hands over one row and takes its result back before the next
 * row arrives (the planner joins each result to the row it was called with), and Flink 2.3 has
 * no batched variant, so this function can only score one row per forward pass: correct, with
 * the same encoding and kernels, but far slower than the asynchronous function, which Flink
 * picks by default and which scores batches.
 */
public final class RowPredictFunction extends PredictFunction {
  private static final long serialVersionUID = 1L;

  private final ScoringPlan plan;
  private transient RowScorer scorer;

  RowPredictFunction(ScoringPlan plan) {
    this.plan = plan;
  }

  @Override
  public void open(FunctionContext context) throws Exception {
    scorer = new RowScorer(plan, context);
  }

  @Override
  public Collection<RowData> predict(RowData inputRow) {
    return scorer.score(new RowData[] {inputRow});
  }

  @Override
  public void close() {
    if (scorer != null) {
      scorer.close();
      scorer = null;
    }
  }

  @Override
  public String toString() {
    return "sqlscore ML_PREDICT (one row per forward pass): " + plan.describe();
  }
}
