package io.sqlscore.planner.plan;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;

/** Turns Calcite validation errors into {@link SqlscoreException}s with the right code. */
public final class ValidationErrors {
  /** Calcite's message for an unknown qualifier {@code a} in {@code a.b}. */
  private static final Pattern UNKNOWN_QUALIFIER = Pattern.compile("^Table '([^']+)' not found");

  private ValidationErrors() {}

  /** The sqlscore error for an exception thrown by Calcite's validator or converter. */
  public static SqlscoreException translate(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SqlscoreException) {
        return (SqlscoreException) t;
      }
    }
    if (!(e instanceof CalciteException)) {
      return new SqlscoreException(ErrorCode.INTERNAL_ERROR,
          "planning failed: " + e + ". This is a bug in sqlscore; please report it with the statement.", e);
    }
    String message = message(e);
    return new SqlscoreException(classify(message), withHint(message), e);
  }

  /**
   * SQL reads {@code why.score} as column {@code score} of a table {@code why}, so the field of
   * a ROW column (an EXPLAIN_PREDICT result) needs the column's table or subquery alias first;
   * the message for an unknown qualifier says so.
   */
  private static String withHint(String message) {
    Matcher unknown = UNKNOWN_QUALIFIER.matcher(message);
    if (!unknown.find()) {
      return message;
    }
    String name = unknown.group(1);
    return message + ". If " + name + " is a ROW column (such as an EXPLAIN_PREDICT result), put its table or"
        + " subquery alias first: FROM (SELECT ...) AS t, then t." + name + ".field";
  }

  private static String message(RuntimeException e) {
    if (e instanceof CalciteContextException) {
      CalciteContextException c = (CalciteContextException) e;
      String cause = c.getCause() == null ? c.getMessage() : c.getCause().getMessage();
      return c.getPosLine() == 0
          ? cause
          : cause + String.format(" (at line %d, column %d)", c.getPosLine(), c.getPosColumn());
    }
    return e.getMessage();
  }

  private static ErrorCode classify(String message) {
    if (message.contains("Object '") && message.contains("not found")
        || message.startsWith("Table '")) {
      return ErrorCode.UNDEFINED_TABLE;
    }
    if (message.startsWith("Column '") && message.contains("not found")) {
      return ErrorCode.UNDEFINED_COLUMN;
    }
    if (message.contains("is ambiguous")) {
      return ErrorCode.AMBIGUOUS_COLUMN;
    }
    if (message.startsWith("No match found for function signature")) {
      return ErrorCode.UNDEFINED_FUNCTION;
    }
    if (message.startsWith("Cannot apply") || message.contains("type mismatch")) {
      return ErrorCode.TYPE_MISMATCH;
    }
    return ErrorCode.INVALID_STATEMENT;
  }
}
