package io.sqlscore.arrow;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * An Arrow stream exposed to DuckDB as a temporary view on one connection, so that SQL run on
 * that connection can read it like a table. DuckDB pulls batches from the reader while the
 * query runs and can scan the view once. The caller keeps ownership of the reader and closes
 * it after closing the view; closing the view drops it and releases the exported stream.
 */
public final class ArrowStreamView implements AutoCloseable {
  private final DuckDBConnection connection;
  private final String name;
  private final ArrowArrayStream stream;

  private ArrowStreamView(DuckDBConnection connection, String name, ArrowArrayStream stream) {
    this.connection = connection;
    this.name = name;
    this.stream = stream;
  }

  /** Registers {@code reader} as a new temporary view with a generated name on {@code connection}. */
  public static ArrowStreamView register(
      DuckDBConnection connection, ArrowReader reader, BufferAllocator allocator) {
    return register(connection, reader, allocator,
        "__sqlscore_stream_" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** Registers {@code reader} as the temporary view {@code name} on {@code connection}. */
  public static ArrowStreamView register(
      DuckDBConnection connection, ArrowReader reader, BufferAllocator allocator, String name) {
    ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator);
    Data.exportArrayStream(allocator, new RelayReader(reader, allocator), stream);
    connection.registerArrowStream(name, stream);
    return new ArrowStreamView(connection, name, stream);
  }

  /** The unquoted view name. */
  public String name() {
    return name;
  }

  /** The view name quoted for use in SQL. */
  public String sqlName() {
    return DuckDbIdentifiers.quote(name);
  }

  @Override
  public void close() {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP VIEW IF EXISTS " + sqlName());
    } catch (SQLException e) {
      if (!isClosed(connection)) {
        throw DuckDbErrors.translate(e);
      }
    } finally {
      stream.close();
    }
  }

  private static boolean isClosed(DuckDBConnection connection) {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }
}
