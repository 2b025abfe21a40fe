package io.sqlscore.planner.training;

import io.sqlscore.arrow.ArrowQuery;
import io.sqlscore.arrow.DuckDbConnections;
import io.sqlscore.arrow.DuckDbErrors;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/**
 * The one view of the data that a training statement reads from start to end: a read
 * transaction on its own connection, so that the statistics, the vocabularies and every epoch's
 * pass see the same rows even while other connections write. Inside the session's explicit
 * transaction it reads on the session's connection instead, which sees that transaction's
 * changes. Results stream (DuckDB does not materialize them).
 */
public final class TrainingSnapshot implements AutoCloseable {
  private final DuckDBConnection connection;
  private final boolean owned;
  private final ReadHooks hooks;

  private TrainingSnapshot(DuckDBConnection connection, boolean owned, ReadHooks hooks) {
    this.connection = connection;
    this.owned = owned;
    this.hooks = hooks;
  }

  /** Opens the snapshot of the database of {@code session}. */
  public static TrainingSnapshot open(DuckDBConnection session, ReadHooks hooks) {
    try {
      if (!session.getAutoCommit()) {
        return new TrainingSnapshot(session, false, hooks);
      }
      DuckDBConnection connection = DuckDbConnections.duplicate(session);
      try (Statement s = connection.createStatement()) {
        s.execute("SET SESSION jdbc_stream_results = true");
        connection.setAutoCommit(false);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
      return new TrainingSnapshot(connection, true, hooks);
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** The result columns of {@code query}, without running it. */
  List<QueryColumn> describe(String query) {
    List<QueryColumn> columns = new ArrayList<>();
    rows("DESCRIBE " + query,
        rs -> columns.add(QueryColumn.of(rs.getString("column_name"), rs.getString("column_type"))));
    return columns;
  }

  /** A row of a result, read by a callback that may throw SQLException. */
  @FunctionalInterface
  interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  /** Runs {@code sql} and hands each row to {@code reader}. */
  void rows(String sql, RowReader reader) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      hooks.started().accept(statement);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      } finally {
        hooks.finished().accept(statement);
      }
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** Runs {@code sql} and hands its result to {@code pass} as Arrow batches of {@code batchRows}. */
  void arrow(String sql, BufferAllocator allocator, int batchRows, Consumer<ArrowQuery> pass) {
    try (ArrowQuery query = ArrowQuery.open(connection, sql, List.of(), allocator, batchRows)) {
      hooks.started().accept(query.statement());
      try {
        pass.accept(query);
      } finally {
        hooks.finished().accept(query.statement());
      }
    }
  }

  @Override
  public void close() {
    if (!owned) {
      return;
    }
    try {
      try {
        connection.rollback();
      } finally {
        connection.close();
      }
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }
}
