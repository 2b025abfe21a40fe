package io.sqlscore.planner.engine;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** A statement analysed once and executable any number of times with new parameter values. */
public interface PreparedSql {
  /** Runs the statement. */
  StatementResult execute(ExecutionContext context);

  /** The statement's parameter types when known (Calcite-planned statements), else empty. */
  default List<RelDataType> parameterTypes() {
    return List.of();
  }

  /**
   * A statement DuckDB can prepare (without running it) to describe the result columns before
   * execution, if there is one.
   */
  default java.util.Optional<String> describingSql() {
    return java.util.Optional.empty();
  }

  /**
   * Whether the statement was planned against the model registry and the catalog, so that a
   * change to them can make the plan stale ({@link CurrentPlanSql} then plans it again).
   */
  default boolean readsCatalog() {
    return false;
  }

  /**
   * What the statement may do to the database. Statements that do not say count as
   * {@link StatementAccess#WRITE}, the safe side for access control.
   */
  default StatementAccess access() {
    return StatementAccess.WRITE;
  }

  /** The number of {@code ?} parameters, or -1 when unknown. */
  default int parameterCount() {
    return parameterTypes().isEmpty() ? -1 : parameterTypes().size();
  }
}
