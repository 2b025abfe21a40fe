package io.sqlscore.planner.engine;

import io.sqlscore.planner.parse.SourceText;
import java.util.HashSet;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Names the columns of a query that call PREDICT or EXPLAIN_PREDICT without an alias
 * after their text as written ({@code PREDICT('adult')}, {@code 100 * PREDICT('adult')}), as
 * DuckDB names an expression column. Without it DuckDB names such a column after the scoring
 * operator's internal column ({@code $score0}), in results and in tables that
 * {@code CREATE TABLE ... AS} makes.
 */
final class ScoringAliases {
  private ScoringAliases() {}

  /**
   * Gives each unaliased scoring item of every select list of {@code query} (its sub-queries'
   * too, whose names {@code SELECT *} carries out) an alias; {@code sql} is the text
   * {@code query} was parsed from. Changes {@code query} in place.
   */
  static void name(SqlNode query, String sql) {
    query.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSelect) {
          name(((SqlSelect) call).getSelectList(), sql);
        }
        return super.visit(call);
      }
    });
  }

  /** Names the unaliased scoring items of one select list; a name taken already gets {@code _1}, {@code _2}... */
  private static void name(SqlNodeList items, String sql) {
    Set<String> taken = new HashSet<>();
    for (SqlNode item : items) {
      if (item.getKind() == SqlKind.AS) {
        taken.add(((SqlCall) item).operand(1).toString());
      }
    }
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      SqlParserPos pos = item.getParserPosition();
      if (item.getKind() != SqlKind.AS && pos.getLineNum() > 0 && ScoringSyntax.usedIn(item)) {
        String text = SourceText.slice(sql, pos).replaceAll("\\s+", " ").strip();
        String name = text;
        for (int n = 1; !taken.add(name); n++) {
          name = text + "_" + n;
        }
        items.set(i, SqlStdOperatorTable.AS.createCall(pos, item, new SqlIdentifier(name, pos)));
      }
    }
  }
}
