package io.sqlscore.server;

import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.QueryContext;
import io.sqlscore.planner.engine.StatementResult;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBResultSet;

/**
 * One executed statement on its way to a client: DuckDB's result read as Arrow batches straight
 * from its Arrow export (the scored batches are never turned into rows), in its own child
 * allocator, under the statement's {@link QueryContext}. Closing it (or reading it to the end)
 * releases the DuckDB result, the statement's scans, stream views and model leases; closing it
 * also closes its allocator. Not thread-safe: its owner session serializes the calls.
 */
final class ResultStream implements AutoCloseable {
  private final String id;
  private final QueryContext query;
  private final BufferAllocator allocator;
  private final Schema schema;
  private final long updateCount;
  private StatementResult result;
  private ArrowReader reader;
  private boolean closed;

  private ResultStream(String id, QueryContext query, BufferAllocator allocator, Schema schema,
      long updateCount, StatementResult result, ArrowReader reader) {
    this.id = id;
    this.query = query;
    this.allocator = allocator;
    this.schema = schema;
    this.updateCount = updateCount;
    this.result = result;
    this.reader = reader;
  }

  /**
   * Wraps what a statement produced; {@code allocator} becomes the stream's and is closed with it
   * (and on failure here).
   */
  static ResultStream open(String id, StatementResult result, QueryContext query, BufferAllocator allocator,
      int batchRows) {
    if (result.resultSet() == null) {
      ResultStream stream = new ResultStream(id, query, allocator, new Schema(List.of()),
          result.updateCount(), result, null);
      stream.releaseDuckDb();
      return stream;
    }
    ArrowReader reader = null;
    try {
      reader = (ArrowReader) ((DuckDBResultSet) result.resultSet()).arrowExportStream(allocator, batchRows);
      return new ResultStream(id, query, allocator, PlainBatches.schema(reader), -1, result, reader);
    } catch (SQLException | IOException | RuntimeException e) {
      ResultStream failed = new ResultStream(id, query, allocator, new Schema(List.of()), -1, result, reader);
      SqlscoreException error = failed.translate(e);
      try {
        failed.close();
      } catch (RuntimeException closing) {
        error.addSuppressed(closing);
      }
      throw error;
    }
  }

  /** The key clients fetch the stream by. */
  String id() {
    return id;
  }

  /** The columns, as sent. */
  Schema schema() {
    return schema;
  }

  /** Rows changed by a statement without rows; -1 for a query. */
  long updateCount() {
    return updateCount;
  }

  /** The control state of the statement (cancel, timeout). */
  QueryContext query() {
    return query;
  }

  /** The allocator of the stream's batches, for the root they are sent from. */
  BufferAllocator allocator() {
    return allocator;
  }

  /** Moves the next batch into {@code out} (of {@link #schema}); false at the end. */
  boolean next(VectorSchemaRoot out) {
    query.checkCancelled();
    if (reader == null) {
      return false;
    }
    try {
      if (!reader.loadNextBatch()) {
        releaseDuckDb();
        return false;
      }
      PlainBatches.move(reader, out);
      return true;
    } catch (IOException | RuntimeException e) {
      throw translate(e);
    }
  }

  private SqlscoreException translate(Exception e) {
    if (e instanceof SqlscoreException) {
      return (SqlscoreException) e;
    }
    SQLException wrapped = e instanceof SQLException ? (SQLException) e
        : new SQLException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    return query.translate(wrapped);
  }

  /** Releases the DuckDB result, scans, views and model leases. */
  private void releaseDuckDb() {
    query.stopTimeout();
    AutoCloseable readerToClose = reader;
    StatementResult resultToClose = result;
    reader = null;
    result = null;
    Exception first = closeAll(readerToClose,
        resultToClose == null ? null : resultToClose.resultSet(),
        resultToClose == null ? null : resultToClose.resources());
    if (first != null) {
      throw first instanceof SqlscoreException ? (SqlscoreException) first : translate(first);
    }
  }

  private static Exception closeAll(AutoCloseable... resources) {
    Exception first = null;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    return first;
  }

  /** Releases everything: DuckDB's result and the stream's allocator. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      releaseDuckDb();
    } finally {
      allocator.close();
    }
  }
}
