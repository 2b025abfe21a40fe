package io.sqlscore.planner.plan;

import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * Calcite's lenient BABEL conformance (GROUP BY aliases and ordinals, LIMIT, {@code !=}, ...)
 * without its non-strict GROUP BY, which DuckDB rejects anyway and which makes Calcite 1.42's
 * validator fail on a searched CASE in the select list of a grouped query.
 */
final class SqlscoreConformance extends SqlDelegatingConformance {
  static final SqlscoreConformance INSTANCE = new SqlscoreConformance();

  private SqlscoreConformance() {
    super(SqlConformanceEnum.BABEL);
  }

  @Override
  public boolean isNonStrictGroupBy() {
    return false;
  }
}
