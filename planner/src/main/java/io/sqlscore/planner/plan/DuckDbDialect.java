package io.sqlscore.planner.plan;

import org.apache.calcite.config.NullCollation;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;

/**
 * Calcite's DuckDB dialect with the details sqlscore relies on: string literals are always
 * written as plain {@code '...'} and casts carry no CHARACTER SET (DuckDB strings are UTF-8 and
 * reject Calcite's {@code u&'...'} and charset clauses), NULLs sort last as in DuckDB,
 * aggregates over window functions are wrapped in a sub-query, which DuckDB requires, and an
 * ordered string aggregate is written {@code string_agg(x, sep ORDER BY ...)} (Calcite writes
 * {@code LISTAGG(x, sep) WITHIN GROUP (ORDER BY ...)}, which DuckDB does not parse).
 */
public final class DuckDbDialect extends DuckDBSqlDialect {
  /** The shared instance. */
  public static final DuckDbDialect INSTANCE = new DuckDbDialect(
      DuckDBSqlDialect.DEFAULT_CONTEXT.withNullCollation(NullCollation.LAST));

  private DuckDbDialect(SqlDialect.Context context) {
    super(context);
  }

  @Override
  public boolean supportsCharSet() {
    return false;
  }

  @Override
  public boolean supportsNestedAggregations() {
    return false;
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    if (call.getKind() == SqlKind.WITHIN_GROUP) {
      SqlCall inner = call.operand(0);
      SqlCall filter = inner.getKind() == SqlKind.FILTER ? inner : null;
      SqlCall aggregate = filter != null ? filter.operand(0) : inner;
      if (aggregate.getKind() == SqlKind.LISTAGG) {
        unparseStringAgg(writer, aggregate, call.operand(1));
        if (filter != null) {
          writer.keyword("FILTER");
          SqlWriter.Frame where = writer.startList("(", ")");
          writer.keyword("WHERE");
          filter.operand(1).unparse(writer, 0, 0);
          writer.endList(where);
        }
        return;
      }
    }
    super.unparseCall(writer, call, leftPrec, rightPrec);
  }

  /** {@code string_agg([DISTINCT] x, sep ORDER BY keys)}, DuckDB's form of an ordered LISTAGG. */
  private static void unparseStringAgg(SqlWriter writer, SqlCall aggregate, SqlNodeList keys) {
    SqlWriter.Frame function = writer.startFunCall("string_agg");
    if (aggregate.getFunctionQuantifier() != null) {
      writer.keyword(aggregate.getFunctionQuantifier().toValue());
    }
    for (SqlNode operand : aggregate.getOperandList()) {
      writer.sep(",");
      operand.unparse(writer, 0, 0);
    }
    writer.keyword("ORDER BY");
    SqlWriter.Frame order = writer.startList(SqlWriter.FrameTypeEnum.ORDER_BY_LIST);
    for (SqlNode key : keys) {
      writer.sep(",");
      key.unparse(writer, 0, 0);
    }
    writer.endList(order);
    writer.endFunCall(function);
  }

  @Override
  public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
    buf.append('\'').append(val.replace("'", "''")).append('\'');
  }
}
