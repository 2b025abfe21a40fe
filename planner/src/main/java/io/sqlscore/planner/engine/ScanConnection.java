package io.sqlscore.planner.engine;

import io.sqlscore.arrow.DuckDbErrors;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * A DuckDB connection that reads a scoring stream's input, owned (and closed) or borrowed from
 * the session (see {@link Session#scanConnection()}).
 */
public final class ScanConnection implements AutoCloseable {
  private final DuckDBConnection connection;
  private final boolean owned;

  ScanConnection(DuckDBConnection connection, boolean owned) {
    this.connection = connection;
    this.owned = owned;
  }

  /** The connection. */
  public DuckDBConnection connection() {
    return connection;
  }

  @Override
  public void close() {
    if (owned) {
      try {
        connection.close();
      } catch (SQLException e) {
        throw DuckDbErrors.translate(e);
      }
    }
  }
}
