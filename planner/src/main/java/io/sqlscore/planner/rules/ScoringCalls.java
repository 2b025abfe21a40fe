package io.sqlscore.planner.rules;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.sql.PredictFunction;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;

/**
 * The PREDICT and EXPLAIN_PREDICT calls of a plan, its sub-queries' included: whether a plan has
 * any (before the rewrite program), and the check after it that every one was moved into a
 * scoring operator. A call left in place would reach DuckDB, which has no such function; where no
 * rule can plan a call (in the ON condition of an outer join, reading columns of both sides), the
 * statement fails at plan time, before any row is read, saying how to write it instead.
 */
public final class ScoringCalls {
  private ScoringCalls() {}

  /** Whether {@code rel} or a sub-query of it calls PREDICT or EXPLAIN_PREDICT. */
  public static boolean present(RelNode rel) {
    return first(rel).isPresent();
  }

  /**
   * Fails if {@code rel} (or a sub-query of it) still holds a scoring call.
   *
   * @throws SqlscoreException NOT_SUPPORTED naming where the call is
   */
  public static void checkAllPlanned(RelNode rel) {
    Optional<RelNode> left = first(rel);
    if (left.isPresent()) {
      RelNode node = left.get();
      String where = node instanceof Join
          ? "the ON condition of a " + ((Join) node).getJoinType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + " join from columns of both sides"
          : "a " + node.getRelTypeName().replace("Logical", "").toLowerCase(Locale.ROOT);
      throw SqlscoreException.of(ErrorCode.NOT_SUPPORTED, "PREDICT and EXPLAIN_PREDICT cannot be computed in %s; "
          + "compute the score in a sub-query of the table it reads (SELECT *, PREDICT(...) AS p FROM t) and use p "
          + "there", where);
    }
  }

  /** The first node of {@code rel} (sub-queries included) whose expressions call a scoring function. */
  private static Optional<RelNode> first(RelNode rel) {
    RelNode[] found = {null};
    rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        if (found[0] != null) {
          return other;
        }
        other.accept(new RexShuttle() {
          @Override
          public RexNode visitCall(RexCall call) {
            if (found[0] == null && call.getOperator() instanceof PredictFunction) {
              found[0] = other;
            }
            return super.visitCall(call);
          }

          @Override
          public RexNode visitSubQuery(RexSubQuery subQuery) {
            if (found[0] == null) {
              found[0] = first(subQuery.rel).orElse(null);
            }
            return subQuery;
          }
        });
        return super.visit(other);
      }
    });
    return Optional.ofNullable(found[0]);
  }
}
