package io.sqlscore.jdbc;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.QueryContext;
import io.sqlscore.planner.engine.StatementResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A sqlscore JDBC statement. Each execution runs under its own {@link QueryContext}, which
 * {@link #cancel()} and the query timeout act on.
 */
public class SqlscoreStatement implements Statement, SelfWrapper {
  final SqlscoreConnection connection;
  private final List<String> batch = new ArrayList<>();
  private ResultSet current;
  private long updateCount = -1;
  private volatile QueryContext running;
  private int queryTimeoutSeconds;
  private long maxRows;
  private int fetchSize;
  private boolean closeOnCompletion;
  private volatile boolean closed;

  SqlscoreStatement(SqlscoreConnection connection) {
    this.connection = connection;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw JdbcErrors.closed("statement");
    }
    connection.checkOpen();
  }

  /** Runs one execution: {@code action} produces the result under a fresh query context. */
  boolean run(Function<QueryContext, StatementResult> action) throws SQLException {
    checkOpen();
    closeCurrent();
    QueryContext query = new QueryContext();
    running = query;
    query.startTimeout(queryTimeoutSeconds);
    try {
      StatementResult result = action.apply(query);
      if (result.resultSet() != null) {
        current = Wrappers.resultSet(result.resultSet(), this, result.resources(), query, maxRows);
        updateCount = -1;
        return true;
      }
      result.resources().close();
      updateCount = result.updateCount();
      return false;
    } catch (Throwable e) {
      throw JdbcErrors.toSql(e);
    } finally {
      query.stopTimeout();
    }
  }

  private void closeCurrent() throws SQLException {
    if (current != null) {
      ResultSet rs = current;
      current = null;
      rs.close();
    }
    updateCount = -1;
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return run(query -> connection.session().execute(sql, List.of(), query));
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    if (!execute(sql)) {
      throw noResultSet();
    }
    return current;
  }

  static SQLException noResultSet() {
    return JdbcErrors.toSql(new SqlscoreException(ErrorCode.INVALID_STATEMENT,
        "the statement returns no rows; use execute or executeUpdate for it"));
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return (int) executeLargeUpdate(sql);
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    execute(sql);
    return Math.max(0, updateCount);
  }

  @Override
  public void close() throws SQLException {
    if (!closed) {
      closed = true;
      connection.closed(this);
      closeCurrent();
    }
  }

  @Override
  public int getMaxFieldSize() {
    return 0;
  }

  @Override
  public void setMaxFieldSize(int max) {
    // Values are never truncated.
  }

  @Override
  public int getMaxRows() {
    return (int) Math.min(Integer.MAX_VALUE, maxRows);
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() {
    return maxRows;
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    if (max < 0) {
      throw JdbcErrors.toSql(new SqlscoreException(ErrorCode.INVALID_ARGUMENT,
          "maxRows must be zero (no limit) or positive, not " + max));
    }
    maxRows = max;
  }

  @Override
  public void setEscapeProcessing(boolean enable) {
    // JDBC escapes are not rewritten.
  }

  @Override
  public int getQueryTimeout() {
    return queryTimeoutSeconds;
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    if (seconds < 0) {
      throw JdbcErrors.toSql(new SqlscoreException(ErrorCode.INVALID_ARGUMENT,
          "the query timeout must be zero (none) or positive seconds, not " + seconds));
    }
    queryTimeoutSeconds = seconds;
  }

  @Override
  public void cancel() {
    QueryContext query = running;
    if (query != null) {
      query.cancel();
    }
  }

  /**
   * The rows the scoring operators of the running (or else the last) execution have scored so
   * far; safe to call from another thread while the statement runs, for progress displays.
   */
  public long rowsScored() {
    QueryContext query = running;
    return query == null ? 0 : query.rowsScored();
  }

  @Override
  public SQLWarning getWarnings() {
    return null;
  }

  @Override
  public void clearWarnings() {
    // No warnings are kept.
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    throw JdbcErrors.unsupported("named cursors");
  }

  @Override
  public ResultSet getResultSet() {
    return current;
  }

  @Override
  public int getUpdateCount() {
    return (int) getLargeUpdateCount();
  }

  @Override
  public long getLargeUpdateCount() {
    return current != null ? -1 : updateCount;
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    closeCurrent();
    return false;
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    return getMoreResults();
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    if (direction != ResultSet.FETCH_FORWARD) {
      throw JdbcErrors.unsupported("fetch directions other than FETCH_FORWARD");
    }
  }

  @Override
  public int getFetchDirection() {
    return ResultSet.FETCH_FORWARD;
  }

  @Override
  public void setFetchSize(int rows) {
    fetchSize = rows;
  }

  @Override
  public int getFetchSize() {
    return fetchSize;
  }

  @Override
  public int getResultSetConcurrency() {
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getResultSetType() {
    return ResultSet.TYPE_FORWARD_ONLY;
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
    batch.add(sql);
  }

  @Override
  public void clearBatch() {
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    long[] counts = executeLargeBatch();
    int[] result = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      result[i] = (int) counts[i];
    }
    return result;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    long[] counts = new long[batch.size()];
    try {
      for (int i = 0; i < batch.size(); i++) {
        counts[i] = executeLargeUpdate(batch.get(i));
      }
    } finally {
      batch.clear();
    }
    return counts;
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    throw JdbcErrors.unsupported("generated keys");
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return executeUpdate(sql);
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    throw JdbcErrors.unsupported("generated keys");
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    throw JdbcErrors.unsupported("generated keys");
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return execute(sql);
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    throw JdbcErrors.unsupported("generated keys");
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    throw JdbcErrors.unsupported("generated keys");
  }

  @Override
  public int getResultSetHoldability() {
    return ResultSet.CLOSE_CURSORS_AT_COMMIT;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void setPoolable(boolean poolable) {
    // Statements are not pooled.
  }

  @Override
  public boolean isPoolable() {
    return false;
  }

  @Override
  public void closeOnCompletion() {
    closeOnCompletion = true;
  }

  @Override
  public boolean isCloseOnCompletion() {
    return closeOnCompletion;
  }

}
