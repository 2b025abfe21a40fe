package io.sqlscore.planner.engine;

import io.sqlscore.error.SqlscoreException;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A prepared statement that follows the registry and the catalog: a statement whose plan reads
 * them (a query, CREATE TABLE AS, EXPLAIN) is planned again at an execution when its
 * {@link PlanStamp} changed since it was planned, so that {@code m@prod} scores the version the
 * alias names now, {@code m@latest} the newest, and a changed table its current columns. A
 * reference or column that no longer exists fails that execution with the planner's error,
 * saying that the statement was planned again and why.
 */
final class CurrentPlanSql implements PreparedSql {
  private final String sql;
  private final Session session;
  private PreparedSql plan;
  private PlanStamp stamp;

  CurrentPlanSql(String sql, Session session) {
    this.sql = sql;
    this.session = session;
    PlanStamp before = session.planStamp();
    this.plan = session.route(sql);
    this.stamp = plan.readsCatalog() ? before : null;
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    return current().execute(context);
  }

  private synchronized PreparedSql current() {
    if (stamp != null) {
      PlanStamp now = session.planStamp();
      if (!now.equals(stamp)) {
        try {
          plan = session.route(sql);
        } catch (SqlscoreException e) {
          throw new SqlscoreException(e.code(), e.detail() + " (the prepared statement was planned again because "
              + "the models or tables it reads changed since it was prepared; fix the statement and prepare it again)", e);
        }
        stamp = now;
      }
    }
    return plan;
  }

  @Override
  public List<RelDataType> parameterTypes() {
    return plan.parameterTypes();
  }

  @Override
  public Optional<String> describingSql() {
    return plan.describingSql();
  }

  @Override
  public int parameterCount() {
    return plan.parameterCount();
  }

  @Override
  public boolean readsCatalog() {
    return plan.readsCatalog();
  }

  @Override
  public StatementAccess access() {
    return plan.access();
  }
}
