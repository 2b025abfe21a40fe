package io.sqlscore.planner.engine;

import io.sqlscore.planner.exec.ExecutablePlan;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A statement whose query Calcite planned: a query, or {@code CREATE TABLE ... AS} /
 * {@code INSERT INTO ...} / {@code COPY (...) TO ...} around one ({@code sqlPrefix} and
 * {@code sqlSuffix} are then the text before and after the query).
 */
final class QuerySql implements PreparedSql {
  private final String sqlPrefix;
  private final String sqlSuffix;
  private final ExecutablePlan plan;
  private final List<RelDataType> parameterTypes;

  QuerySql(String sqlPrefix, String sqlSuffix, ExecutablePlan plan, List<RelDataType> parameterTypes) {
    this.sqlPrefix = sqlPrefix;
    this.sqlSuffix = sqlSuffix;
    this.plan = plan;
    this.parameterTypes = List.copyOf(parameterTypes);
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    ParameterCheck.check(parameterTypes, context.parameters());
    return PlanRunner.run(plan, sqlPrefix, sqlSuffix, context);
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
