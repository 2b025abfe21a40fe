package io.sqlscore.planner.engine;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Recognises statements that use sqlscore features, both in text (when the statement does not
 * parse) and in parse trees. Such statements must be handled by sqlscore; all others may go to
 * DuckDB unchanged.
 */
final class ScoringSyntax {
  /** The SQL functions sqlscore adds. */
  static final java.util.Set<String> FUNCTIONS = java.util.Set.of("PREDICT", "EXPLAIN_PREDICT");

  private static final Pattern FUNCTION_CALL =
      Pattern.compile("\\b(PREDICT|EXPLAIN_PREDICT)\\s*\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern MODEL_STATEMENT = Pattern.compile(
      "^\\s*(CREATE|ALTER|DROP|DESCRIBE|EXPLAIN|EXPORT)\\s+MODEL\\b|^\\s*SHOW\\s+MODELS\\b",
      Pattern.CASE_INSENSITIVE);

  private static final Pattern CREATE_VIEW = Pattern.compile(
      "^\\s*CREATE\\s+(OR\\s+REPLACE\\s+)?((TEMP|TEMPORARY)\\s+)?VIEW\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern CHANGES_ROWS =
      Pattern.compile("^\\s*(UPDATE|DELETE|MERGE)\\b", Pattern.CASE_INSENSITIVE);

  private ScoringSyntax() {}

  /**
   * Fails with a clear NOT_SUPPORTED error for a statement that calls a scoring function where
   * none can run: a view (DuckDB expands views itself and has no such function), UPDATE, DELETE or
   * MERGE (DuckDB runs them).
   */
  static void checkStatementKind(String sql) {
    String code = SqlScript.codeOnly(sql);
    if (!FUNCTION_CALL.matcher(code).find()) {
      return;
    }
    if (CREATE_VIEW.matcher(code).find()) {
      throw new SqlscoreException(ErrorCode.NOT_SUPPORTED, "a view cannot call PREDICT or EXPLAIN_PREDICT: DuckDB "
          + "expands views itself and has no such function; store the scores in a table (CREATE TABLE ... AS "
          + "SELECT ..., PREDICT(...)) or write the scoring query in the statement that reads it");
    }
    if (CHANGES_ROWS.matcher(code).find()) {
      throw new SqlscoreException(ErrorCode.NOT_SUPPORTED, "PREDICT and EXPLAIN_PREDICT cannot be used in UPDATE, "
          + "DELETE or MERGE; score the rows into a table first (CREATE TABLE s AS SELECT id, PREDICT(...) AS p "
          + "FROM t) and use it, for example UPDATE t SET c = s.p FROM s WHERE t.id = s.id");
    }
  }

  /** Whether the text calls a sqlscore function or is a model statement. */
  static boolean mentionedIn(String sql) {
    String code = SqlScript.codeOnly(sql);
    return FUNCTION_CALL.matcher(code).find() || MODEL_STATEMENT.matcher(code).find();
  }

  /** Whether the parse tree calls a sqlscore function. */
  static boolean usedIn(SqlNode node) {
    boolean[] found = {false};
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (FUNCTIONS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))) {
          found[0] = true;
          return null;
        }
        return super.visit(call);
      }
    });
    return found[0];
  }
}
