package io.sqlscore.planner.parse;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Base of the statements that manage models; they run against the registry, not DuckDB. */
public abstract class SqlModelStatement extends SqlCall {
  private final SqlOperator operator;

  protected SqlModelStatement(SqlParserPos pos, String name) {
    super(pos);
    this.operator = new SqlSpecialOperator(name, SqlKind.OTHER_DDL);
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }
}
