package io.sqlscore.registry;

import io.sqlscore.arrow.DuckDbConnections;
import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;

/**
 * Runs each registry change as one DuckDB transaction on its own connection, so that a failed
 * change (bad package, disk full, killed process) leaves no trace. Transactions that lose a
 * write-write conflict to a concurrent change are retried from the start. While the base
 * connection is in an explicit transaction (auto-commit off), changes and reads run in that
 * transaction instead: its commit or rollback decides them, and it sees its own changes.
 */
final class RegistryTransactions {
  /**
   * How long a change retries after conflicts before it gives up. Changes to one model conflict
   * with each other (each writes the model's row first), so a change waits for those ahead of it,
   * imports of large packages included; a count of attempts ran out under eight concurrent writers.
   */
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** A unit of work inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(DuckDBConnection connection) throws SQLException;
  }

  private final DuckDBConnection base;

  RegistryTransactions(DuckDBConnection base) {
    this.base = base;
  }

  /** Runs {@code work} in a new transaction, retrying it on conflicts; commits on success. */
  <T> T write(Work<T> work) {
    if (inExplicitTransaction()) {
      try {
        RegistrySchema.ensure(base);
        return work.run(base);
      } catch (SQLException e) {
        throw DuckDbErrors.translate(e);
      }
    }
    long deadline = System.nanoTime() + RETRY_NANOS;
    for (int attempt = 1; ; attempt++) {
      try (DuckDBConnection connection = DuckDbConnections.duplicate(base)) {
        connection.setAutoCommit(false);
        try {
          RegistrySchema.ensure(connection);
          T result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollback(connection, e);
          SqlscoreException translated = e instanceof SQLException
              ? DuckDbErrors.translate((SQLException) e)
              : e instanceof SqlscoreException ? (SqlscoreException) e : null;
          if (translated == null) {
            throw (RuntimeException) e;
          }
          if (!isConflict(translated) || System.nanoTime() > deadline) {
            throw translated;
          }
        }
      } catch (SQLException e) {
        throw DuckDbErrors.translate(e);
      }
      backOff(attempt);
    }
  }

  /**
   * Runs read-only {@code work} in one transaction on its own connection, so that all its
   * statements see one snapshot: an alias read and the version it names cannot be split by a
   * concurrent {@code DROP MODEL}.
   */
  <T> T read(Work<T> work) {
    if (inExplicitTransaction()) {
      try {
        return work.run(base);
      } catch (SQLException e) {
        throw DuckDbErrors.translate(e);
      }
    }
    try (DuckDBConnection connection = DuckDbConnections.duplicate(base)) {
      connection.setAutoCommit(false);
      T result;
      try {
        result = work.run(connection);
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
      connection.rollback();
      return result;
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  private boolean inExplicitTransaction() {
    try {
      return !base.getAutoCommit();
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  private static boolean isConflict(SqlscoreException e) {
    // A duplicate key here means a concurrent change created the same row first; the registry
    // checks for existing rows before inserting, so retrying sees that row.
    return e.code() == ErrorCode.TRANSACTION_CONFLICT || e.code() == ErrorCode.CONSTRAINT_VIOLATION;
  }

  private static void rollback(DuckDBConnection connection, Exception primary) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L + Math.min(attempt, 20) * 5L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqlscoreException(ErrorCode.QUERY_CANCELED, "interrupted while retrying a registry change", e);
    }
  }
}
