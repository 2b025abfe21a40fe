package io.sqlscore.arrow;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns DuckDB's exceptions into {@link SqlscoreException}s with a proper {@link ErrorCode}.
 * DuckDB reports no SQLSTATE; its messages start with an error type ("Catalog Error: ...")
 * which decides the code. The DuckDB message, position marker included, is kept as the detail.
 */
public final class DuckDbErrors {
  private DuckDbErrors() {}

  /** The sqlscore exception for a DuckDB exception (or the exception itself if already one). */
  public static SqlscoreException translate(SQLException e) {
    Throwable cause = e.getCause();
    if (cause instanceof SqlscoreException) {
      return (SqlscoreException) cause;
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new SqlscoreException(classify(message), message.strip(), e);
  }

  /** The error code for a DuckDB error message. */
  static ErrorCode classify(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (m.startsWith("parser error")) {
      return ErrorCode.SYNTAX_ERROR;
    }
    if (m.startsWith("catalog error")) {
      if (m.contains("already exists")) {
        return ErrorCode.DUPLICATE_OBJECT;
      }
      if (m.contains("function with name")) {
        return ErrorCode.UNDEFINED_FUNCTION;
      }
      return ErrorCode.UNDEFINED_TABLE;
    }
    if (m.startsWith("binder error")) {
      if (m.contains("referenced column") || m.contains("column") && m.contains("not found")) {
        return ErrorCode.UNDEFINED_COLUMN;
      }
      if (m.contains("ambiguous")) {
        return ErrorCode.AMBIGUOUS_COLUMN;
      }
      if (m.contains("function") && (m.contains("no function matches")
          || m.contains("candidate function"))) {
        return ErrorCode.UNDEFINED_FUNCTION;
      }
      return ErrorCode.INVALID_STATEMENT;
    }
    if (m.startsWith("conversion error")) {
      return ErrorCode.CONVERSION_ERROR;
    }
    if (m.startsWith("constraint error")) {
      return ErrorCode.CONSTRAINT_VIOLATION;
    }
    if (m.startsWith("out of range error")) {
      return ErrorCode.NUMERIC_OUT_OF_RANGE;
    }
    if (m.startsWith("invalid input error")) {
      return m.contains("read-only") ? ErrorCode.PERMISSION_DENIED : ErrorCode.INVALID_ARGUMENT;
    }
    if (m.startsWith("transactioncontext error") || m.startsWith("transaction error")) {
      return m.contains("conflict") ? ErrorCode.TRANSACTION_CONFLICT : ErrorCode.TRANSACTION_STATE;
    }
    if (m.startsWith("out of memory error")) {
      return ErrorCode.OUT_OF_MEMORY;
    }
    if (m.startsWith("interrupt error") || m.contains("interrupted")) {
      return ErrorCode.QUERY_CANCELED;
    }
    if (m.startsWith("io error")) {
      return ErrorCode.IO_ERROR;
    }
    if (m.startsWith("not implemented error")) {
      return ErrorCode.NOT_SUPPORTED;
    }
    if (m.startsWith("permission error")) {
      return ErrorCode.PERMISSION_DENIED;
    }
    if (m.startsWith("dependency error")) {
      return ErrorCode.OBJECT_IN_USE;
    }
    if (m.contains("connection was closed") || m.contains("statement was closed")
        || m.contains("connection is closed")) {
      return ErrorCode.CONNECTION_CLOSED;
    }
    return ErrorCode.DATABASE_ERROR;
  }
}
