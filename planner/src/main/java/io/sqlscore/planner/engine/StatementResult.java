package io.sqlscore.planner.engine;

import java.sql.ResultSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a statement produced: a DuckDB result set (for queries) or an update count, plus the
 * resources to close once the result set is closed (DuckDB statements, stream views, Arrow
 * allocators).
 *
 * @param resultSet the rows, or null for statements without rows
 * @param updateCount rows changed, or -1 for queries
 * @param resources closed after the result set
 */
public record StatementResult(@Nullable ResultSet resultSet, long updateCount, AutoCloseable resources)
    implements AutoCloseable {
  /** A result with only an update count and nothing to close. */
  public static StatementResult count(long updateCount) {
    return new StatementResult(null, updateCount, () -> { });
  }

  /** Closes the result set, then the resources. */
  @Override
  public void close() throws Exception {
    try {
      if (resultSet != null) {
        resultSet.close();
      }
    } finally {
      resources.close();
    }
  }
}
