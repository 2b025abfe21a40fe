package io.sqlscore.planner.engine;

import io.sqlscore.planner.exec.ExecutablePlan;
import java.util.List;

/** {@code EXPLAIN PLAN FOR query}: one row per line of the physical plan, in column PLAN. */
final class ExplainSql implements PreparedSql {
  private static final List<RowsResult.Column> COLUMNS = List.of(new RowsResult.Column("PLAN", "VARCHAR"));

  private final ExecutablePlan plan;
  private final ExecutablePlan.Settings settings;

  ExplainSql(ExecutablePlan plan, ExecutablePlan.Settings settings) {
    this.plan = plan;
    this.settings = settings;
  }

  @Override
  public StatementAccess access() {
    return StatementAccess.READ;
  }

  @Override
  public java.util.Optional<String> describingSql() {
    return java.util.Optional.of(RowsResult.describing(COLUMNS));
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    String text = String.join("\n", plan.explain(settings));
    return DuckDbRunner.run(context.session(),
        "SELECT unnest(string_split(?, chr(10))) AS \"PLAN\"", List.of(text), context.query(), () -> { });
  }

  @Override
  public boolean readsCatalog() {
    return true;
  }
}
