package io.sqlscore.planner.engine;

import io.sqlscore.planner.exec.ExecutablePlan;
import java.util.List;

/** {@code EXPLAIN PLAN FOR query}: one row per line of the physical plan, in column PLAN. */
final class ExplainSql implements PreparedSql {
  private final ExecutablePlan plan;

  ExplainSql(ExecutablePlan plan) {
    this.plan = plan;
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    String text = String.join("\n", plan.explain());
    return DuckDbRunner.run(context.session().duck(),
        "SELECT unnest(string_split(?, chr(10))) AS \"PLAN\"", List.of(text), context.query(), () -> { });
  }
}
