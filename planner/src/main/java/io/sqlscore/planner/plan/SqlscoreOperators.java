package io.sqlscore.planner.plan;

import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;

/**
 * The functions and operators that queries planned by sqlscore may use: standard SQL plus the
 * PostgreSQL library (closest to DuckDB's own functions).
 */
public final class SqlscoreOperators {
  private static final SqlOperatorTable TABLE = SqlLibraryOperatorTableFactory.INSTANCE
      .getOperatorTable(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL);

  private SqlscoreOperators() {}

  /** The operator table. */
  public static SqlOperatorTable table() {
    return TABLE;
  }
}
