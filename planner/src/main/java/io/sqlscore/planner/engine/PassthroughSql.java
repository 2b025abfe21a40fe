package io.sqlscore.planner.engine;

/** A statement DuckDB runs exactly as the user wrote it. */
final class PassthroughSql implements PreparedSql {
  private final String sql;

  PassthroughSql(String sql) {
    this.sql = sql;
  }

  @Override
  public java.util.Optional<String> describingSql() {
    return java.util.Optional.of(sql);
  }

  @Override
  public StatementAccess access() {
    return StatementAccess.DUCKDB;
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    return DuckDbRunner.run(context.session(), sql, context.parameters(), context.query(), () -> { });
  }
}
