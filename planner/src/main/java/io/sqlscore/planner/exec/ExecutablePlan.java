package io.sqlscore.planner.exec;

import io.sqlscore.planner.plan.PushdownSql;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical plan of a Calcite-planned query: the SQL that DuckDB runs on the connection to
 * produce the result. {@code EXPLAIN PLAN FOR} prints it.
 */
public final class ExecutablePlan {
  private final PushdownSql sql;

  /** A plan that runs entirely in DuckDB as one statement. */
  public ExecutablePlan(PushdownSql sql) {
    this.sql = sql;
  }

  /** The statement DuckDB runs last. */
  public PushdownSql sql() {
    return sql;
  }

  /** The values of the top statement's placeholders, picked from the user's parameters. */
  public List<Object> bind(List<Object> parameters) {
    List<Object> values = new ArrayList<>();
    for (int index : sql.parameterIndexes()) {
      values.add(parameters.get(index));
    }
    return values;
  }

  /** The plan as text lines, one operator per line, children indented. */
  public List<String> explain() {
    return List.of("DuckDbQuery(sql=[" + sql.sql() + "])");
  }
}
