package io.sqlscore.planner.plan;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;

/**
 * Rewrites struct field access {@code x.field} into DuckDB's {@code struct_extract(x, 'field')}
 * before a plan is written as SQL. Calcite writes a field access on an expression (such as
 * {@code explanation.crosses[1].weight}) as a quoted identifier, which DuckDB cannot read.
 * Accesses on correlation variables (lateral references) are left to Calcite.
 */
final class StructAccess {
  /** DuckDB's {@code struct_extract(struct, 'field')}. */
  static final SqlFunction STRUCT_EXTRACT = new SqlFunction("struct_extract", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG0, null, OperandTypes.family(SqlTypeFamily.ANY, SqlTypeFamily.CHARACTER), SqlFunctionCategory.SYSTEM);

  private StructAccess() {}

  /** {@code rel} with every non-correlated field access rewritten. */
  static RelNode rewrite(RelNode rel) {
    RexBuilder rex = rel.getCluster().getRexBuilder();
    RexShuttle accesses = new RexShuttle() {
      @Override
      public RexNode visitFieldAccess(RexFieldAccess access) {
        if (isCorrelated(access)) {
          return access;
        }
        RexNode struct = access.getReferenceExpr().accept(this);
        return rex.makeCall(access.getType(), STRUCT_EXTRACT,
            java.util.List.of(struct, rex.makeLiteral(access.getField().getName())));
      }
    };
    return rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        return super.visit(other).accept(accesses);
      }
    });
  }

  private static boolean isCorrelated(RexFieldAccess access) {
    RexNode root = access;
    while (root instanceof RexFieldAccess) {
      root = ((RexFieldAccess) root).getReferenceExpr();
    }
    return root instanceof RexCorrelVariable;
  }
}
