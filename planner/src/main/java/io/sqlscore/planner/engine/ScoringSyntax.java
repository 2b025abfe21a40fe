package io.sqlscore.planner.engine;

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

  private ScoringSyntax() {}

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
