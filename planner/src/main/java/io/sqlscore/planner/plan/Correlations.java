package io.sqlscore.planner.plan;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.List;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql2rel.RelDecorrelator;

/**
 * Correlated sub-queries turned into joins before the scoring rules run. A correlated
 * sub-query's variable is bound to the row of the Filter or Project that holds it; moving that
 * node's scoring calls into a scoring stream changes the row under it (the stream hands on only
 * some columns), so the variable would point at nothing. As joins, the rows are plain inputs that
 * the rules handle as any other.
 */
final class Correlations {
  private static final HepProgram SUB_QUERIES_TO_CORRELATES = HepProgram.builder()
      .addRuleCollection(List.of(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE, CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
          CoreRules.JOIN_SUB_QUERY_TO_CORRELATE))
      .build();

  private Correlations() {}

  /**
   * {@code rel} unchanged if it has no correlated sub-query, else with its sub-queries turned into
   * joins. (Lateral joins, such as {@code CROSS JOIN UNNEST(s.why.crosses)}, are Correlate nodes,
   * which the scoring rules leave intact; they stay.)
   *
   * @throws SqlscoreException NOT_SUPPORTED when a correlation cannot be removed
   */
  static RelNode decorrelated(RelNode rel) {
    if (!hasCorrelatedSubQuery(rel)) {
      return rel;
    }
    HepPlanner planner = new HepPlanner(SUB_QUERIES_TO_CORRELATES);
    planner.setRoot(rel);
    RelNode joined = RelDecorrelator.decorrelateQuery(planner.findBestExp(),
        RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null));
    if (correlates(joined) > correlates(rel)) {
      throw new SqlscoreException(ErrorCode.NOT_SUPPORTED, "this correlated sub-query cannot be planned with "
          + "PREDICT or EXPLAIN_PREDICT in the same statement; store the scores first (CREATE TABLE ... AS SELECT "
          + "..., PREDICT(...)) and run the query over that table");
    }
    return joined;
  }

  /** Whether a sub-query of {@code rel} reads a correlation variable. */
  private static boolean hasCorrelatedSubQuery(RelNode rel) {
    boolean[] found = {false};
    visit(rel, new RexShuttle() {
      @Override
      public RexNode visitSubQuery(RexSubQuery subQuery) {
        // readsCorrelation looks into the sub-query's own sub-queries too.
        found[0] |= readsCorrelation(subQuery.rel);
        return subQuery;
      }
    });
    return found[0];
  }

  /** Whether {@code rel} or a sub-query of it reads a correlation variable. */
  private static boolean readsCorrelation(RelNode rel) {
    boolean[] found = {false};
    visit(rel, new RexShuttle() {
      @Override
      public RexNode visitCorrelVariable(RexCorrelVariable variable) {
        found[0] = true;
        return variable;
      }

      @Override
      public RexNode visitSubQuery(RexSubQuery subQuery) {
        found[0] |= readsCorrelation(subQuery.rel);
        return subQuery;
      }
    });
    return found[0];
  }

  /** The Correlate nodes of {@code rel} (lateral joins). */
  private static int correlates(RelNode rel) {
    int[] count = {0};
    rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        count[0] += other instanceof Correlate ? 1 : 0;
        return super.visit(other);
      }
    });
    return count[0];
  }

  /** Applies {@code expressions} to the expressions of every node of {@code rel}. */
  private static void visit(RelNode rel, RexShuttle expressions) {
    rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        other.accept(expressions);
        return super.visit(other);
      }
    });
  }
}
