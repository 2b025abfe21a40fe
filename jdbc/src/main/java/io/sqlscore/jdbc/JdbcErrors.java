package io.sqlscore.jdbc;

import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.JvmOptions;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.util.Optional;

/**
 * Turns sqlscore errors into the {@link SQLException} subclass JDBC prescribes for their SQLSTATE
 * class, with the SQLSTATE, the vendor code of the {@link ErrorCode}, the message, and the
 * {@link SqlscoreException} as cause.
 */
final class JdbcErrors {
  private JdbcErrors() {}

  /** The JDBC exception for any throwable raised while running a statement. */
  static SQLException toSql(Throwable t) {
    if (t instanceof SqlscoreException) {
      return toSql((SqlscoreException) t);
    }
    if (t instanceof SQLException) {
      SQLException e = (SQLException) t;
      return e.getCause() instanceof SqlscoreException || e.getSQLState() != null
          ? e
          : toSql(DuckDbErrors.translate(e));
    }
    if (t instanceof Error) {
      return toSql(fromError((Error) t));
    }
    return toSql(new SqlscoreException(ErrorCode.INTERNAL_ERROR,
        "unexpected error: " + t + ". This is a bug in sqlscore; please report it.", t));
  }

  /**
   * The sqlscore error for a JVM {@link Error}: a missing JVM option when one is missing (a
   * class of the Vector API or Arrow that failed to load), OUT_OF_MEMORY, else INTERNAL_ERROR.
   */
  private static SqlscoreException fromError(Error e) {
    Optional<SqlscoreException> missing = JvmOptions.missing();
    if (missing.isPresent() && (e instanceof LinkageError)) {
      return new SqlscoreException(ErrorCode.JVM_OPTION_MISSING, missing.get().detail(), e);
    }
    if (e instanceof OutOfMemoryError) {
      return new SqlscoreException(ErrorCode.OUT_OF_MEMORY, "the JVM ran out of memory (" + e.getMessage()
          + "); give it more with -Xmx, or lower batch_size or scoring_threads", e);
    }
    return new SqlscoreException(ErrorCode.INTERNAL_ERROR,
        "unexpected error: " + e + ". This is a bug in sqlscore or the JVM; please report it.", e);
  }

  static SQLException toSql(SqlscoreException e) {
    String state = e.sqlState();
    String message = e.getMessage();
    int vendor = e.code().vendorCode();
    SQLException sql;
    if (e.code() == ErrorCode.QUERY_TIMEOUT) {
      sql = new SQLTimeoutException(message, state, vendor, e);
    } else if (state.startsWith("42")) {
      sql = new SQLSyntaxErrorException(message, state, vendor, e);
    } else if (state.startsWith("22")) {
      sql = new SQLDataException(message, state, vendor, e);
    } else if (state.startsWith("23")) {
      sql = new SQLIntegrityConstraintViolationException(message, state, vendor, e);
    } else if (state.startsWith("40")) {
      sql = new SQLTransactionRollbackException(message, state, vendor, e);
    } else if (state.startsWith("0A")) {
      sql = new SQLFeatureNotSupportedException(message, state, vendor, e);
    } else if (state.startsWith("08")) {
      sql = new SQLNonTransientConnectionException(message, state, vendor, e);
    } else {
      sql = new SQLException(message, state, vendor, e);
    }
    return sql;
  }

  /** {@code first}, or {@code next} when there is no first, with {@code next} suppressed by it. */
  static SQLException chain(SQLException first, SQLException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** The error for using a closed connection, statement or result set. */
  static SQLException closed(String what) {
    return toSql(new SqlscoreException(ErrorCode.CONNECTION_CLOSED,
        "the " + what + " is closed; open a new one"));
  }

  /** The error for a JDBC feature sqlscore does not offer. */
  static SQLFeatureNotSupportedException unsupported(String feature) {
    return (SQLFeatureNotSupportedException) toSql(new SqlscoreException(ErrorCode.NOT_SUPPORTED,
        feature + " is not supported by sqlscore"));
  }
}
