package io.sqlscore.udf.explain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How an explained row tells whether it names the same fields in the same places as the row before. */
class ExplainedRowTest {
  /** Fills {@code row} with the given cross features (lists of fields) and per-field importance. */
  private static void fill(ExplainedRow row, int[][] crosses, double... importance) {
    double[] into = row.begin(importance.length);
    System.arraycopy(importance, 0, into, 0, importance.length);
    for (int[] cross : crosses) {
      for (int f : cross) {
        row.addField(f);
      }
      row.endCross(cross.length, 1, 0.5);
    }
    row.rankImportance();
  }

  @Test
  void onlyTheSameCrossFieldsAndImportanceOrderCountAsTheSameFields() {
    ExplainedRow row = new ExplainedRow();
    fill(row, new int[][] {{0, 1}, {2}}, 0.3, 0.2, 0.1);
    assertFalse(row.sameFieldsAsPrevious(), "the first row has no row before it");
    fill(row, new int[][] {{0, 1}, {2}}, 0.6, 0.5, 0.4);
    assertTrue(row.sameFieldsAsPrevious(), "other weights, same fields in the same places");
    fill(row, new int[][] {{0, 1}, {2}}, 0.1, 0.2, 0.3);
    assertFalse(row.sameFieldsAsPrevious(), "importance order reversed");
    fill(row, new int[][] {{0, 1}, {2}}, 0.1, 0.2, 0.3);
    assertTrue(row.sameFieldsAsPrevious());
    fill(row, new int[][] {{0}, {1, 2}}, 0.1, 0.2, 0.3);
    assertFalse(row.sameFieldsAsPrevious(), "same fields, other cross features");
    fill(row, new int[][] {{0}, {1, 2}, {0, 2}}, 0.1, 0.2, 0.3);
    assertFalse(row.sameFieldsAsPrevious(), "one cross feature more");
    fill(row, new int[][] {{0}, {1, 2}}, 0.1, 0.2, 0.3);
    assertFalse(row.sameFieldsAsPrevious(), "one cross feature fewer");
    fill(row, new int[][] {{0}, {1, 3}}, 0.1, 0.2, 0.3, 0.4);
    assertFalse(row.sameFieldsAsPrevious(), "another number of fields");
  }
}
