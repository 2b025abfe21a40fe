package io.sqlscore.planner.engine;

import io.sqlscore.arrow.DuckDbErrors;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.duckdb.DuckDBConnection;

/**
 * A DuckDB connection that reads a scoring stream's input, owned (and closed) or borrowed from
 * the session (see {@link Session#scanConnection()}).
 */
public final class ScanConnection implements AutoCloseable {
  private static final AtomicInteger OPEN = new AtomicInteger();

  private final DuckDBConnection connection;
  private final boolean owned;
  private final AtomicBoolean closed = new AtomicBoolean();

  ScanConnection(DuckDBConnection connection, boolean owned) {
    this.connection = connection;
    this.owned = owned;
    if (owned) {
      OPEN.incrementAndGet();
    }
  }

  /** Scan connections of this process opened and not yet closed (zero when no query reads). */
  static int open() {
    return OPEN.get();
  }

  /** The connection. */
  public DuckDBConnection connection() {
    return connection;
  }

  @Override
  public void close() {
    if (owned && closed.compareAndSet(false, true)) {
      OPEN.decrementAndGet();
      try {
        connection.close();
      } catch (SQLException e) {
        throw DuckDbErrors.translate(e);
      }
    }
  }
}
