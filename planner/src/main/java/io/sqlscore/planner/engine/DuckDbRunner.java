package io.sqlscore.planner.engine;

import io.sqlscore.error.SqlscoreException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBConnection;

/** Runs one SQL statement for a session, on one of its DuckDB connections, under a {@link QueryContext}. */
final class DuckDbRunner {
  private DuckDbRunner() {}

  /** Runs {@code sql} on the session's own connection (see the other {@code run}). */
  static StatementResult run(
      Session session, String sql, List<Object> values, QueryContext query, AutoCloseable onClose) {
    return run(session.duck(), sql, values, query, onClose, session);
  }

  /**
   * Prepares and executes {@code sql} on {@code connection} with {@code values} bound to its
   * placeholders in order, and returns its result; the DuckDB statement (and {@code onClose})
   * are closed with it, or by {@code session} when it is closed first.
   */
  static StatementResult run(DuckDBConnection connection, String sql, List<Object> values, QueryContext query,
      AutoCloseable onClose, Session session) {
    PreparedStatement statement = null;
    try {
      statement = connection.prepareStatement(sql);
      for (int i = 0; i < values.size(); i++) {
        statement.setObject(i + 1, values.get(i));
      }
      query.register(statement);
      query.checkCancelled();
      boolean hasRows = statement.execute();
      PreparedStatement owned = statement;
      AutoCloseable resources = () -> {
        query.unregister(owned);
        try {
          owned.close();
        } finally {
          onClose.close();
        }
      };
      return session.track(hasRows
          ? new StatementResult(statement.getResultSet(), -1, resources)
          : new StatementResult(null, Math.max(0, statement.getUpdateCount()), resources));
    } catch (SQLException e) {
      SqlscoreException translated = query.translate(e);
      closeAfterFailure(statement, query, onClose, translated);
      throw translated;
    } catch (RuntimeException e) {
      closeAfterFailure(statement, query, onClose, e);
      throw e;
    }
  }

  private static void closeAfterFailure(
      PreparedStatement statement, QueryContext query, AutoCloseable onClose, Exception primary) {
    if (statement != null) {
      query.unregister(statement);
      try {
        statement.close();
      } catch (SQLException e) {
        primary.addSuppressed(e);
      }
    }
    try {
      onClose.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
