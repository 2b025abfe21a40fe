package io.sqlscore.arrow;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * A DuckDB query read as a stream of Arrow record batches through DuckDB's Arrow export. The
 * query starts when opened; batches are produced as the reader is advanced. Closing releases
 * the reader's buffers, the result and the statement.
 */
public final class ArrowQuery implements AutoCloseable {
  private final PreparedStatement statement;
  private final ResultSet resultSet;
  private final ArrowReader reader;

  private ArrowQuery(PreparedStatement statement, ResultSet resultSet, ArrowReader reader) {
    this.statement = statement;
    this.resultSet = resultSet;
    this.reader = reader;
  }

  /**
   * Runs {@code sql} with the positional {@code parameters} on {@code connection} and returns
   * its result as Arrow batches of at most {@code batchRows} rows allocated from
   * {@code allocator}.
   */
  public static ArrowQuery open(
      DuckDBConnection connection, String sql, List<?> parameters, BufferAllocator allocator,
      int batchRows) {
    PreparedStatement statement = null;
    ResultSet resultSet = null;
    try {
      statement = connection.prepareStatement(sql);
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      resultSet = statement.executeQuery();
      ArrowReader reader =
          (ArrowReader) ((DuckDBResultSet) resultSet).arrowExportStream(allocator, batchRows);
      return new ArrowQuery(statement, resultSet, reader);
    } catch (SQLException e) {
      closeQuietly(resultSet);
      closeQuietly(statement);
      throw DuckDbErrors.translate(e);
    }
  }

  /** The batches of the result. */
  public ArrowReader reader() {
    return reader;
  }

  /** Interrupts the running query; the next batch read fails with a cancellation error. */
  public void cancel() {
    try {
      statement.cancel();
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** The DuckDB statement running the query, for cancellation. */
  public java.sql.Statement statement() {
    return statement;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      closeQuietly(resultSet);
      closeQuietly(statement);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Closing a DuckDB statement after a failure can fail again; the first error matters.
    }
  }
}
