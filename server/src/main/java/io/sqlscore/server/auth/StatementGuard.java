package io.sqlscore.server.auth;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.PreparedSql;
import java.util.Optional;
import org.duckdb.DuckDBConnection;

/**
 * Decides whether a user's role lets it run a statement, from the parsed statement: the planner
 * says whether a statement reads or writes ({@link PreparedSql#access()}); a statement DuckDB
 * runs as written is allowed to a reader only when DuckDB's parser shows a query that reads
 * tables and views only ({@link ReadOnlyQuery}).
 */
public final class StatementGuard {
  private StatementGuard() {}

  /**
   * Throws {@link ErrorCode#PERMISSION_DENIED}, saying which role is needed, if {@code login} may
   * not run {@code prepared} (the analysis of {@code sql}); DuckDB statements are parsed on
   * {@code connection}.
   */
  public static void check(Login login, PreparedSql prepared, String sql, DuckDBConnection connection) {
    if (login.role() == Role.ADMIN) {
      return;
    }
    Optional<String> refusal = switch (prepared.access()) {
      case READ -> Optional.empty();
      case WRITE -> Optional.of("it changes data, tables or models");
      case DUCKDB -> ReadOnlyQuery.whyNot(connection, sql);
    };
    if (refusal.isPresent()) {
      throw SqlscoreException.of(ErrorCode.PERMISSION_DENIED,
          "user '%s' has role %s, which may only run queries, PREDICT, EXPLAIN_PREDICT, EXPLAIN, SHOW MODELS "
              + "and DESCRIBE MODEL; this statement needs role %s because %s",
          login.user(), login.role().label(), Role.ADMIN.label(), refusal.get());
    }
  }
}
