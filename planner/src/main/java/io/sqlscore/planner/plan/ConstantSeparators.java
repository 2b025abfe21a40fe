package io.sqlscore.planner.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Writes the separator of a string aggregate ({@code LISTAGG}, DuckDB's {@code string_agg}) as the
 * literal it is. Calcite turns the separator into a column of the aggregate's input
 * ({@code ',' AS "$f1"}); where that input becomes a sub-query of its own, the aggregate names the
 * column ({@code LISTAGG("sex", "$f1")}), which DuckDB refuses: its separator must be a constant.
 */
final class ConstantSeparators {
  private ConstantSeparators() {}

  /** Puts the literal back for every such separator in {@code statement}; changes it in place. */
  static void inline(SqlNode statement) {
    statement.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSelect) {
          inline((SqlSelect) call);
        }
        return super.visit(call);
      }
    });
  }

  private static void inline(SqlSelect select) {
    SqlNode from = select.getFrom();
    String alias = null;
    if (from != null && from.getKind() == SqlKind.AS) {
      alias = ((SqlCall) from).operand(1).toString();
      from = ((SqlCall) from).operand(0);
    }
    if (!(from instanceof SqlSelect)) {
      return;
    }
    Map<String, SqlLiteral> constants = new HashMap<>();
    for (SqlNode item : ((SqlSelect) from).getSelectList()) {
      if (item.getKind() == SqlKind.AS && ((SqlCall) item).operand(0) instanceof SqlLiteral) {
        constants.put(((SqlCall) item).operand(1).toString(), ((SqlCall) item).operand(0));
      }
    }
    if (constants.isEmpty()) {
      return;
    }
    for (SqlNode part : new SqlNode[] {select.getSelectList(), select.getHaving(), select.getOrderList()}) {
      replaceSeparators(part, constants, alias);
    }
  }

  /** Replaces separators that name a constant column, in {@code node} but not in its sub-queries. */
  private static void replaceSeparators(SqlNode node, Map<String, SqlLiteral> constants, String alias) {
    if (node == null || node instanceof SqlSelect) {
      return;
    }
    if (node instanceof SqlNodeList) {
      for (SqlNode element : (SqlNodeList) node) {
        replaceSeparators(element, constants, alias);
      }
      return;
    }
    if (!(node instanceof SqlCall)) {
      return;
    }
    SqlCall call = (SqlCall) node;
    if (call.getKind() == SqlKind.LISTAGG && call.operandCount() == 2 && call instanceof SqlBasicCall
        && call.operand(1) instanceof SqlIdentifier) {
      List<String> names = ((SqlIdentifier) call.operand(1)).names;
      SqlLiteral constant = constants.get(names.get(names.size() - 1));
      if (constant != null && (names.size() == 1 || names.get(0).equals(alias))) {
        call.setOperand(1, constant.clone(constant.getParserPosition()));
      }
    }
    for (SqlNode operand : call.getOperandList()) {
      replaceSeparators(operand, constants, alias);
    }
  }
}
