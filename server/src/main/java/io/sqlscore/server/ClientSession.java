package io.sqlscore.server;

import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.Session;
import io.sqlscore.server.auth.Login;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The server side of one client session: a planner {@link Session} (its own DuckDB connection on
 * the shared database instance, its own settings, the engine's model cache) for one signed-in
 * client. Its calls run one at a time. A query's result is computed by DuckDB as the client
 * reads it ({@link #streamNextResult}), which holds the connection; before the connection runs
 * anything else, the rest of such a result is read into memory ({@link ResultStream#detach}) and
 * DuckDB goes back to materializing results, which the planner's own statements rely on.
 */
final class ClientSession implements AutoCloseable {
  /** The most bytes of an unread streamed result kept in memory when the session moves on. */
  static final long MAX_KEPT_BYTES = 256L << 20;

  private final Login login;
  private final Session session;
  private final ReentrantLock lock = new ReentrantLock();
  private final long startedNanos = System.nanoTime();
  private volatile long lastUsedNanos = System.nanoTime();
  private volatile int statementTimeoutSeconds;
  private ResultStream streaming;
  private boolean streamMode;
  private int statements;
  private boolean closed;

  private ClientSession(Login login, Session session, int statementTimeoutSeconds) {
    this.login = login;
    this.session = session;
    this.statementTimeoutSeconds = statementTimeoutSeconds;
  }

  /** Opens a session for {@code login} on the database at {@code location}. */
  static ClientSession open(Login login, String location, int statementTimeoutSeconds) {
    return new ClientSession(login, Session.open(location, new Properties()), statementTimeoutSeconds);
  }

  /** Who the session belongs to. */
  Login login() {
    return login;
  }

  /** Statements run so far. */
  int statements() {
    return statements;
  }

  /** Seconds since the session started. */
  long ageSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
  }

  /** Nanoseconds since the session was last used. */
  long idleNanos() {
    return System.nanoTime() - lastUsedNanos;
  }

  /** Seconds a statement may run (0: no limit). */
  int statementTimeoutSeconds() {
    return statementTimeoutSeconds;
  }

  /** Sets the statement timeout in seconds (0: no limit). */
  void setStatementTimeoutSeconds(int seconds) {
    statementTimeoutSeconds = seconds;
  }

  /** Runs {@code work} on the session's planner session, alone, with the DuckDB connection free. */
  <T> T work(Function<Session, T> work) {
    lock.lock();
    try {
      checkOpen();
      lastUsedNanos = System.nanoTime();
      freeConnection();
      return work.apply(session);
    } finally {
      lastUsedNanos = System.nanoTime();
      lock.unlock();
    }
  }

  /** Runs a statement with {@code run} like {@link #work}, counting it and noting a streamed result. */
  ResultStream execute(Function<Session, ResultStream> run) {
    return work(s -> {
      ResultStream result = run.apply(s);
      statements++;
      if (result.holdsConnection()) {
        streaming = result;
      }
      return result;
    });
  }

  /** Within {@link #execute}: has DuckDB compute the next result as it is read, not up front. */
  void streamNextResult() {
    if (!streamMode) {
      setStreaming(true);
      streamMode = true;
    }
  }

  /** The next batch of {@code result} into {@code out}; false at its end. */
  boolean next(ResultStream result, VectorSchemaRoot out) {
    return onResult(result, r -> r.next(out));
  }

  /** Runs {@code action} on a result of this session, alone, and returns what it returns. */
  <T> T onResult(ResultStream result, Function<ResultStream, T> action) {
    lock.lock();
    try {
      lastUsedNanos = System.nanoTime();
      return action.apply(result);
    } finally {
      if (streaming == result && !result.holdsConnection()) {
        streaming = null;
      }
      lastUsedNanos = System.nanoTime();
      lock.unlock();
    }
  }

  /** Runs {@code action} on a result of this session, alone. */
  void withResult(ResultStream result, Consumer<ResultStream> action) {
    onResult(result, r -> {
      action.accept(r);
      return null;
    });
  }

  /** Whether the session is busy right now (a call holds it). */
  boolean busy() {
    return lock.isLocked();
  }

  private void freeConnection() {
    if (streaming != null) {
      streaming.detach(MAX_KEPT_BYTES);
      streaming = null;
    }
    if (streamMode) {
      setStreaming(false);
      streamMode = false;
    }
  }

  private void setStreaming(boolean on) {
    try (Statement statement = session.duck().createStatement()) {
      statement.execute("SET SESSION jdbc_stream_results = " + on);
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new SqlscoreException(ErrorCode.CONNECTION_CLOSED,
          "the session has ended (it was idle too long, its sign-in expired, or the server is stopping); "
              + "connect again");
    }
  }

  /** Ends the session: a result still streaming is stopped, then the DuckDB connection closes. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (streaming != null) {
        streaming.abort(new SqlscoreException(ErrorCode.CONNECTION_CLOSED,
            "the session ended while its result was being read; connect again"));
        streaming = null;
      }
      session.close();
    } finally {
      lock.unlock();
    }
  }
}
