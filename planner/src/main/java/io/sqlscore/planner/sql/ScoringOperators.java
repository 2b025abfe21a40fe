package io.sqlscore.planner.sql;

import java.util.List;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;

/** The operator table of one statement: PREDICT and EXPLAIN_PREDICT bound to its models. */
public final class ScoringOperators {
  private ScoringOperators() {}

  /** The table for a statement whose model references resolve through {@code models}. */
  public static SqlOperatorTable of(StatementModels models) {
    return SqlOperatorTables.of(List.of(
        new PredictFunction(PredictFunction.Kind.PREDICT, models),
        new PredictFunction(PredictFunction.Kind.EXPLAIN_PREDICT, models)));
  }
}
