package io.sqlscore.planner.engine;

import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The control state of one running statement: cancellation (by {@code Statement.cancel()} or a
 * timeout), the DuckDB statements to interrupt, and the first error raised inside a stream that
 * DuckDB was reading, so that the user sees that error rather than DuckDB's wrapper of it; and
 * the count of rows its scoring operators have scored, which progress displays read from other
 * threads while the statement runs.
 */
public final class QueryContext {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sqlscore-query-timeout");
    thread.setDaemon(true);
    return thread;
  });

  private final Set<Statement> running = ConcurrentHashMap.newKeySet();
  private final AtomicReference<SqlscoreException> failure = new AtomicReference<>();
  private final LongAdder rowsScored = new LongAdder();
  private volatile @Nullable ErrorCode cancelledAs;
  private @Nullable ScheduledFuture<?> timeout;

  /** Starts the timeout clock; zero or less means no timeout. */
  public void startTimeout(int seconds) {
    if (seconds > 0) {
      timeout = TIMER.schedule(() -> cancel(ErrorCode.QUERY_TIMEOUT), seconds, TimeUnit.SECONDS);
    }
  }

  /** Stops the timeout clock. */
  public void stopTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
    }
  }

  /** Cancels the statement on behalf of the user. */
  public void cancel() {
    cancel(ErrorCode.QUERY_CANCELED);
  }

  private void cancel(ErrorCode code) {
    if (cancelledAs == null) {
      cancelledAs = code;
    }
    for (Statement statement : running) {
      try {
        statement.cancel();
      } catch (SQLException ignored) {
        // The statement finished meanwhile.
      }
    }
  }

  /** Whether the statement was cancelled or timed out. */
  public boolean isCancelled() {
    return cancelledAs != null;
  }

  /** Throws the cancellation error if the statement was cancelled. */
  public void checkCancelled() {
    ErrorCode code = cancelledAs;
    if (code != null) {
      throw cancellation(code);
    }
  }

  /** Registers a DuckDB statement to interrupt on cancel. */
  public void register(Statement statement) {
    running.add(statement);
    if (cancelledAs != null) {
      cancel(cancelledAs);
    }
  }

  /** Forgets a finished DuckDB statement. */
  public void unregister(Statement statement) {
    running.remove(statement);
  }

  /** Adds {@code rows} to the rows scored by this statement (called by the scoring operators). */
  public void addRowsScored(long rows) {
    rowsScored.add(rows);
  }

  /** The rows scored so far by this statement, over all its scoring operators; safe from any thread. */
  public long rowsScored() {
    return rowsScored.sum();
  }

  /** Records an error raised while DuckDB was pulling from one of our streams. */
  public void recordFailure(SqlscoreException e) {
    failure.compareAndSet(null, e);
  }

  /**
   * The error to report for a DuckDB exception: a cancellation, else an error recorded in one
   * of our streams, else the DuckDB error itself.
   */
  public SqlscoreException translate(SQLException e) {
    ErrorCode code = cancelledAs;
    if (code != null) {
      return cancellation(code);
    }
    SqlscoreException recorded = failure.get();
    return recorded != null ? recorded : DuckDbErrors.translate(e);
  }

  private static SqlscoreException cancellation(ErrorCode code) {
    return code == ErrorCode.QUERY_TIMEOUT
        ? new SqlscoreException(code, "the statement ran past its query timeout and was stopped; "
            + "raise Statement.setQueryTimeout or narrow the query")
        : new SqlscoreException(code, "the statement was cancelled");
  }
}
