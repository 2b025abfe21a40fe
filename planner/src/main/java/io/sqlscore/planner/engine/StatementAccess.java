package io.sqlscore.planner.engine;

/**
 * What a statement may do to the database, as decided from its parse tree: the basis of a
 * server's access control (a reader may run {@link #READ} statements only).
 */
public enum StatementAccess {
  /**
   * Reads only: a query (scoring or not), {@code EXPLAIN PLAN FOR}, {@code SHOW MODELS},
   * {@code DESCRIBE MODEL}, {@code EXPLAIN MODEL} without {@code AS}, and {@code SET} of a sqlscore
   * setting, which changes only the session.
   */
  READ,
  /** Changes data, tables, models or the registry. */
  WRITE,
  /**
   * Runs in DuckDB exactly as written, so only DuckDB's parser knows what it does; the text is
   * {@link PreparedSql#describingSql()}'s when it has one.
   */
  DUCKDB
}
