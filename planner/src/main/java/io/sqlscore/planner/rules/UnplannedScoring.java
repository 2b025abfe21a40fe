package io.sqlscore.planner.rules;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.Locale;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * The check, after the rewrite program, that every PREDICT and EXPLAIN_PREDICT call was moved
 * into a scoring operator: one left in place would reach DuckDB, which has no such function. Where
 * no rule can plan a call (the ON condition of an outer join), the statement fails at plan time,
 * before any row is read, saying how to write it instead.
 */
public final class UnplannedScoring {
  private UnplannedScoring() {}

  /**
   * Fails if {@code rel} (or a sub-query of it) still holds a scoring call.
   *
   * @throws SqlscoreException NOT_SUPPORTED naming where the call is
   */
  public static void check(RelNode rel) {
    rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        other.accept(new RexShuttle() {
          @Override
          public RexNode visitCall(RexCall call) {
            if (PredictExtraction.containsPredict(call)) {
              throw refused(other, call);
            }
            return super.visitCall(call);
          }

          @Override
          public RexNode visitSubQuery(RexSubQuery subQuery) {
            check(subQuery.rel);
            return subQuery;
          }
        });
        return super.visit(other);
      }
    });
  }

  private static SqlscoreException refused(RelNode node, RexCall call) {
    String where = node instanceof Join
        ? "the ON condition of a " + ((Join) node).getJoinType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + " join"
        : "a " + node.getRelTypeName().replace("Logical", "").toLowerCase(Locale.ROOT);
    return SqlscoreException.of(ErrorCode.NOT_SUPPORTED, "PREDICT and EXPLAIN_PREDICT cannot be computed in %s; "
        + "compute the score in a sub-query of the table it reads (SELECT *, PREDICT(...) AS p FROM t) and use p "
        + "there", where);
  }
}
