package io.sqlscore.server;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.QueryContext;
import io.sqlscore.planner.engine.StatementResult;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBResultSet;

/**
 * One executed statement on its way to a client: DuckDB's result read as Arrow batches straight
 * from its Arrow export (the scored batches are never turned into rows), in its own child
 * allocator, under the statement's {@link QueryContext}. A streamed result is computed as it is
 * read and holds its session's DuckDB connection meanwhile; {@link #detach} reads the rest into
 * memory when the session needs the connection for another statement. Reading it to the end (or
 * closing it) releases the DuckDB result, the statement's scans, stream views and model leases;
 * closing it also closes its allocator. Not thread-safe: its owner session serializes the calls.
 */
final class ResultStream implements AutoCloseable {
  private final String id;
  private final QueryContext query;
  private final BufferAllocator allocator;
  private final Schema schema;
  private final long updateCount;
  private final boolean streamed;
  private final Deque<VectorSchemaRoot> kept = new ArrayDeque<>();
  private StatementResult result;
  private ArrowReader reader;
  private SqlscoreException failure;
  private boolean closed;

  private ResultStream(String id, QueryContext query, BufferAllocator allocator, Schema schema,
      long updateCount, boolean streamed, StatementResult result, ArrowReader reader) {
    this.id = id;
    this.query = query;
    this.allocator = allocator;
    this.schema = schema;
    this.updateCount = updateCount;
    this.streamed = streamed;
    this.result = result;
    this.reader = reader;
  }

  /**
   * Wraps what a statement produced ({@code streamed}: DuckDB computes it as it is read);
   * {@code allocator} becomes the stream's and is closed with it (and on failure here).
   */
  static ResultStream open(String id, StatementResult result, boolean streamed, QueryContext query,
      BufferAllocator allocator, int batchRows) {
    if (result.resultSet() == null) {
      ResultStream stream = new ResultStream(id, query, allocator, new Schema(List.of()),
          result.updateCount(), false, result, null);
      stream.releaseDuckDb();
      return stream;
    }
    ArrowReader reader = null;
    try {
      reader = (ArrowReader) ((DuckDBResultSet) result.resultSet()).arrowExportStream(allocator, batchRows);
      return new ResultStream(id, query, allocator, PlainBatches.schema(reader), -1, streamed, result, reader);
    } catch (SQLException | IOException | RuntimeException e) {
      ResultStream failed = new ResultStream(id, query, allocator, new Schema(List.of()), -1, false, result, reader);
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

  /** Whether DuckDB still computes the result on its session's connection. */
  boolean holdsConnection() {
    return streamed && reader != null;
  }

  /** Moves the next batch into {@code out} (of {@link #schema}); false at the end. */
  boolean next(VectorSchemaRoot out) {
    if (failure != null) {
      throw failure;
    }
    query.checkCancelled();
    VectorSchemaRoot batch = kept.poll();
    if (batch != null) {
      try (batch) {
        for (int i = 0; i < batch.getFieldVectors().size(); i++) {
          batch.getVector(i).makeTransferPair(out.getVector(i)).transfer();
        }
        out.setRowCount(batch.getRowCount());
      }
      return true;
    }
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

  /**
   * Reads the batches not yet sent into memory and releases the DuckDB side, so that the
   * session's connection is free for another statement; a rest over {@code maxBytes} is not
   * kept: the stream is {@link #abort aborted} and its reader gets an error saying why.
   */
  void detach(long maxBytes) {
    if (!holdsConnection()) {
      return;
    }
    long bytes = 0;
    try {
      while (reader.loadNextBatch()) {
        VectorSchemaRoot copy = VectorSchemaRoot.create(schema, allocator);
        kept.add(copy);
        PlainBatches.move(reader, copy);
        for (int i = 0; i < copy.getFieldVectors().size(); i++) {
          bytes += copy.getVector(i).getBufferSize();
        }
        if (bytes > maxBytes) {
          throw SqlscoreException.of(ErrorCode.OUT_OF_MEMORY,
              "the session ran another statement before this result was read, and the rest of the result "
                  + "is over %d MiB, too much to keep; read a result to the end before the next statement, or "
                  + "use a second connection", maxBytes >> 20);
        }
      }
      releaseDuckDb();
    } catch (IOException | RuntimeException e) {
      abort(translate(e));
    }
  }

  /**
   * Ends the stream early (its session ends, or keeping it failed): stops and releases the
   * DuckDB side and the kept batches; its reader gets {@code why}. The allocator stays open for
   * a batch a reader may be sending; {@link #close} closes it.
   */
  void abort(SqlscoreException why) {
    if (failure == null) {
      failure = why;
    }
    query.cancel();
    try {
      releaseDuckDb();
    } catch (RuntimeException e) {
      why.addSuppressed(e);
    }
    kept.forEach(VectorSchemaRoot::close);
    kept.clear();
  }

  private SqlscoreException translate(Exception e) {
    if (e instanceof SqlscoreException) {
      return (SqlscoreException) e;
    }
    SQLException wrapped = e instanceof SQLException ? (SQLException) e : new SQLException(duckDbMessage(e), e);
    return query.translate(wrapped);
  }

  /**
   * DuckDB's own message of an error raised through Arrow's C stream interface, which wraps it
   * as {@code [errno -1] CDataJniException{errno=-1, message=...}}.
   */
  private static String duckDbMessage(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int start = message.indexOf("CDataJniException{");
    int text = start < 0 ? -1 : message.indexOf("message=", start);
    if (text < 0) {
      return message;
    }
    int end = message.lastIndexOf('}');
    return message.substring(text + "message=".length(), end > text ? end : message.length()).strip();
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

  /**
   * Releases everything: DuckDB's result, the kept batches and the stream's allocator. Called by
   * the stream's owner: the call sending it, or the server for a result never fetched.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      releaseDuckDb();
    } finally {
      kept.forEach(VectorSchemaRoot::close);
      kept.clear();
      allocator.close();
    }
  }
}
