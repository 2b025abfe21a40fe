package io.sqlscore.planner.plan;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A RexBuilder that never evaluates casts of literals itself. Calcite would fold
 * {@code CAST(2.5 AS INTEGER)} to {@code 2} (truncation) while DuckDB, which runs the query,
 * rounds to {@code 3}; keeping the cast makes DuckDB's semantics the only ones.
 */
final class FaithfulRexBuilder extends RexBuilder {
  FaithfulRexBuilder(RelDataTypeFactory typeFactory) {
    super(typeFactory);
  }

  @Override
  public RexNode makeCast(SqlParserPos pos, RelDataType type, RexNode exp, boolean matchNullability,
      boolean safe, @Nullable RexLiteral format) {
    if (exp instanceof RexLiteral && !((RexLiteral) exp).isNull()
        && !SqlTypeUtil.equalSansNullability(typeFactory, type, exp.getType())) {
      return makeAbstractCast(pos, type, exp, safe, format);
    }
    return super.makeCast(pos, type, exp, matchNullability, safe, format);
  }
}
