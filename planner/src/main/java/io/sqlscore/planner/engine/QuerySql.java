package io.sqlscore.planner.engine;

import io.sqlscore.planner.exec.ExecutablePlan;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A statement whose query Calcite planned: a query, or {@code CREATE TABLE ... AS} /
 * {@code INSERT INTO ...} around one ({@code sqlPrefix} is then the text before the query).
 */
final class QuerySql implements PreparedSql {
  private final String sqlPrefix;
  private final ExecutablePlan plan;
  private final List<RelDataType> parameterTypes;

  QuerySql(String sqlPrefix, ExecutablePlan plan, List<RelDataType> parameterTypes) {
    this.sqlPrefix = sqlPrefix;
    this.plan = plan;
    this.parameterTypes = List.copyOf(parameterTypes);
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    ParameterCheck.check(parameterTypes, context.parameters());
    return DuckDbRunner.run(context.session().duck(), sqlPrefix + plan.sql().sql(),
        plan.bind(context.parameters()), context.query(), () -> { });
  }

  @Override
  public java.util.Optional<String> describingSql() {
    return sqlPrefix.isEmpty() ? java.util.Optional.of(plan.sql().sql()) : java.util.Optional.empty();
  }

  @Override
  public List<RelDataType> parameterTypes() {
    return parameterTypes;
  }
}
