package io.sqlscore.planner.engine;

import io.sqlscore.planner.exec.ExecutablePlan;
import java.util.List;
import java.util.Optional;
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
    return PlanRunner.run(plan, sqlPrefix, context);
  }

  @Override
  public StatementAccess access() {
    return sqlPrefix.isEmpty() ? StatementAccess.READ : StatementAccess.WRITE;
  }

  @Override
  public Optional<String> describingSql() {
    return sqlPrefix.isEmpty() ? Optional.of(DescribingSql.of(plan.root(), parameterTypes)) : Optional.empty();
  }

  @Override
  public List<RelDataType> parameterTypes() {
    return parameterTypes;
  }

  @Override
  public boolean readsCatalog() {
    return true;
  }
}
