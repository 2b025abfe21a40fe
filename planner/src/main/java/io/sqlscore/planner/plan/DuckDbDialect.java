package io.sqlscore.planner.plan;

import org.apache.calcite.config.NullCollation;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;

/**
 * Calcite's DuckDB dialect with the details sqlscore relies on: string literals are always
 * written as plain {@code '...'} and casts carry no CHARACTER SET (DuckDB strings are UTF-8 and
 * reject Calcite's {@code u&'...'} and charset clauses), NULLs sort last as in DuckDB, and
 * aggregates over window functions are wrapped in a sub-query, which DuckDB requires.
 */
public final class DuckDbDialect extends DuckDBSqlDialect {
  /** The shared instance. */
  public static final DuckDbDialect INSTANCE = new DuckDbDialect(
      DuckDBSqlDialect.DEFAULT_CONTEXT.withNullCollation(NullCollation.LAST));

  private DuckDbDialect(SqlDialect.Context context) {
    super(context);
  }

  @Override
  public boolean supportsCharSet() {
    return false;
  }

  @Override
  public boolean supportsNestedAggregations() {
    return false;
  }

  @Override
  public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
    buf.append('\'').append(val.replace("'", "''")).append('\'');
  }
}
