package io.sqlscore.arrow;

import java.sql.SQLException;
import java.sql.Statement;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * Writes Arrow record batches into DuckDB tables through Arrow stream registration: DuckDB
 * scans the batches directly, with no row-by-row JDBC inserts.
 */
public final class ArrowTableWriter {
  private ArrowTableWriter() {}

  /**
   * Appends every batch of {@code reader} to the existing table {@code qualifiedTable} (an
   * already quoted name); the reader's columns must match the table's in order. Returns the
   * number of rows written. The reader is consumed; the caller closes it.
   */
  public static long insertInto(
      DuckDBConnection connection, String qualifiedTable, ArrowReader reader,
      BufferAllocator allocator) {
    return run(connection, reader, allocator, "INSERT INTO " + qualifiedTable + " SELECT * FROM ");
  }

  /**
   * Creates the table {@code qualifiedTable} (an already quoted name) from the batches of
   * {@code reader}, with the reader's column names and types. Returns the number of rows
   * written. The reader is consumed and closed.
   */
  public static long createTable(
      DuckDBConnection connection, String qualifiedTable, ArrowReader reader,
      BufferAllocator allocator) {
    return run(
        connection, reader, allocator, "CREATE TABLE " + qualifiedTable + " AS SELECT * FROM ");
  }

  private static long run(
      DuckDBConnection connection, ArrowReader reader, BufferAllocator allocator,
      String sqlBeforeView) {
    try (ArrowStreamView view = ArrowStreamView.register(connection, reader, allocator);
        Statement statement = connection.createStatement()) {
      statement.execute(sqlBeforeView + view.sqlName());
      return statement.getUpdateCount();
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }
}
