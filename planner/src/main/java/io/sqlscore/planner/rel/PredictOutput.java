package io.sqlscore.planner.rel;

/**
 * One value an invocation appends to each row.
 *
 * @param explanation false for the score (PREDICT), true for the explanation (EXPLAIN_PREDICT)
 * @param k for an explanation, the number of cross features to return
 */
public record PredictOutput(boolean explanation, int k) {
  /** The score output. */
  public static final PredictOutput SCORE = new PredictOutput(false, 0);

  /** An explanation output with the top {@code k} cross features. */
  public static PredictOutput explanation(int k) {
    return new PredictOutput(true, k);
  }

  /** How EXPLAIN shows it: {@code score} or {@code explain(k=3)}. */
  public String label() {
    return explanation ? "explain(k=" + k + ")" : "score";
  }
}
