package io.sqlscore.planner.engine;

import io.sqlscore.planner.parse.SourceText;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Names the result columns of a query that call PREDICT or EXPLAIN_PREDICT without an alias
 * after their text as written ({@code PREDICT('adult')}, {@code 100 * PREDICT('adult')}), as
 * DuckDB names an expression column. Without it DuckDB names such a column after the scoring
 * operator's internal column ({@code $score0}), in results and in tables that
 * {@code CREATE TABLE ... AS} makes.
 */
final class ScoringAliases {
  private ScoringAliases() {}

  /**
   * Gives each unaliased scoring item of {@code query}'s outermost select list (of its first
   * branch, for a set operation, whose names are the result's) an alias; {@code sql} is the text
   * {@code query} was parsed from. Changes {@code query} in place.
   */
  static void name(SqlNode query, String sql) {
    SqlNode node = query;
    while (true) {
      if (node instanceof SqlOrderBy) {
        node = ((SqlOrderBy) node).query;
      } else if (node instanceof SqlWith) {
        node = ((SqlWith) node).body;
      } else if (node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.INTERSECT
          || node.getKind() == SqlKind.EXCEPT) {
        node = ((SqlCall) node).operand(0);
      } else {
        break;
      }
    }
    if (!(node instanceof SqlSelect)) {
      return;
    }
    SqlNodeList items = ((SqlSelect) node).getSelectList();
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      SqlParserPos pos = item.getParserPosition();
      if (item.getKind() != SqlKind.AS && pos.getLineNum() > 0 && ScoringSyntax.usedIn(item)) {
        String text = SourceText.slice(sql, pos).replaceAll("\\s+", " ").strip();
        items.set(i, SqlStdOperatorTable.AS.createCall(pos, item, new SqlIdentifier(text, pos)));
      }
    }
  }
}
