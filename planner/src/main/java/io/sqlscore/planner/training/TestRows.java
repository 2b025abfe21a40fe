package io.sqlscore.planner.training;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.Task;

/** Checks the label of a test query ({@code WITH (test = '...')}) before training starts. */
final class TestRows {
  private TestRows() {}

  /**
   * Counts the test rows and refuses, naming the label column, an empty test query, NULL or
   * non-finite labels, and labels other than 0/1 for a binary model. Returns the row count.
   */
  static long check(TrainingSnapshot snapshot, TrainingQuery test, Task task) {
    QueryColumn label = test.label();
    String y = label.asDouble();
    long[] counts = new long[4];
    snapshot.rows("SELECT count(*), count(" + label.quoted() + "), count(*) FILTER (WHERE " + y
        + " NOT IN (0, 1)), count(*) FILTER (WHERE NOT isfinite(" + y + ")) FROM " + test.source(), rs -> {
          for (int i = 0; i < counts.length; i++) {
            counts[i] = rs.getLong(i + 1);
          }
        });
    String model = test.model();
    if (counts[0] == 0) {
      throw refuse("the test query of CREATE MODEL %s returned no rows; check its WHERE clause", model);
    }
    if (counts[1] < counts[0]) {
      throw refuse("the label column '%s' of the test query of CREATE MODEL %s is NULL in %d rows; filter them out",
          label.name(), model, counts[0] - counts[1]);
    }
    if (counts[3] > 0) {
      throw refuse("the label column '%s' of the test query of CREATE MODEL %s is NaN or infinite in %d rows; filter "
          + "them out", label.name(), model, counts[3]);
    }
    if (task == Task.BINARY && counts[2] > 0) {
      throw refuse("the label column '%s' of the test query of CREATE MODEL %s has values other than 0 and 1 in %d "
          + "rows; a binary model is tested on 0/1 labels", label.name(), model, counts[2]);
    }
    return counts[0];
  }

  private static SqlscoreException refuse(String format, Object... args) {
    return SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, format, args);
  }
}
