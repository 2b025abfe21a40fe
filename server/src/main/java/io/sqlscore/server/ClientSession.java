package io.sqlscore.server;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.Session;
import io.sqlscore.server.auth.Login;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The server side of one client session: a planner {@link Session} (its own DuckDB connection on
 * the shared database instance, its own settings, the engine's model cache) for one signed-in
 * client. Its calls run one at a time.
 */
final class ClientSession implements AutoCloseable {
  private final Login login;
  private final Session session;
  private final ReentrantLock lock = new ReentrantLock();
  private final long startedNanos = System.nanoTime();
  private volatile long lastUsedNanos = System.nanoTime();
  private int statements;
  private volatile int statementTimeoutSeconds;
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

  /** Runs {@code work} on the session's planner session, alone. */
  <T> T work(Function<Session, T> work) {
    lock.lock();
    try {
      checkOpen();
      lastUsedNanos = System.nanoTime();
      return work.apply(session);
    } finally {
      lastUsedNanos = System.nanoTime();
      lock.unlock();
    }
  }

  /** Runs a statement with {@code run} like {@link #work}, counting it. */
  ResultStream execute(Function<Session, ResultStream> run) {
    return work(s -> {
      ResultStream result = run.apply(s);
      statements++;
      return result;
    });
  }

  /** The next batch of {@code result} into {@code out}; false at its end. */
  boolean next(ResultStream result, VectorSchemaRoot out) {
    lock.lock();
    try {
      lastUsedNanos = System.nanoTime();
      return result.next(out);
    } finally {
      lastUsedNanos = System.nanoTime();
      lock.unlock();
    }
  }

  /** Runs {@code action} on a result of this session, alone. */
  void withResult(ResultStream result, java.util.function.Consumer<ResultStream> action) {
    lock.lock();
    try {
      action.accept(result);
    } finally {
      lock.unlock();
    }
  }

  /** Whether the session is busy right now (a call holds it). */
  boolean busy() {
    return lock.isLocked();
  }

  private void checkOpen() {
    if (closed) {
      throw new SqlscoreException(ErrorCode.CONNECTION_CLOSED,
          "the session has ended (it was idle too long, its sign-in expired, or the server is stopping); "
              + "connect again");
    }
  }

  /** Ends the session: closes its DuckDB connection. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      session.close();
    } finally {
      lock.unlock();
    }
  }
}
