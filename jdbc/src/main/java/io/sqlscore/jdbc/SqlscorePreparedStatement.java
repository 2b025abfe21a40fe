package io.sqlscore.jdbc;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.ExecutionContext;
import io.sqlscore.planner.engine.PreparedSql;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sqlscore prepared statement. The statement is routed, validated and planned once, when it
 * is prepared, so that binding and plan errors surface before any row is read; each execution
 * binds the current parameter values.
 */
public final class SqlscorePreparedStatement extends SqlscoreStatement implements PreparedStatement {
  private static final Object UNSET = new Object();

  private final String sql;
  private final PreparedSql prepared;
  private final List<Object> parameters = new ArrayList<>();
  private final List<List<Object>> batches = new ArrayList<>();

  SqlscorePreparedStatement(SqlscoreConnection connection, String sql) throws SQLException {
    super(connection);
    this.sql = sql;
    try {
      this.prepared = connection.session().prepare(sql);
    } catch (Throwable e) {
      throw JdbcErrors.toSql(e);
    }
  }

  private void set(int index, Object value) throws SQLException {
    checkOpen();
    if (index < 1) {
      throw JdbcErrors.toSql(SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "parameter indexes start at 1, not %d", index));
    }
    int count = prepared.parameterCount();
    if (count >= 0 && index > count) {
      throw JdbcErrors.toSql(SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "parameter index %d is out of range; the statement has %d parameters", index, count));
    }
    while (parameters.size() < index) {
      parameters.add(UNSET);
    }
    parameters.set(index - 1, value);
  }

  private List<Object> boundParameters() throws SQLException {
    int count = Math.max(prepared.parameterCount(), parameters.size());
    List<Object> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Object value = i < parameters.size() ? parameters.get(i) : UNSET;
      if (value == UNSET) {
        throw JdbcErrors.toSql(SqlscoreException.of(ErrorCode.PARAMETER_NOT_SET,
            "parameter %d is not set; set it with setObject(%d, value) or setNull before executing",
            i + 1, i + 1));
      }
      values.add(value);
    }
    return values;
  }

  @Override
  public boolean execute() throws SQLException {
    List<Object> values = boundParameters();
    return run(query -> prepared.execute(new ExecutionContext(connection.session(), values, query)));
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    if (!execute()) {
      throw noResultSet();
    }
    return getResultSet();
  }

  @Override
  public int executeUpdate() throws SQLException {
    return (int) executeLargeUpdate();
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    execute();
    return Math.max(0, getLargeUpdateCount());
  }

  @Override
  public void clearParameters() {
    parameters.clear();
  }

  @Override
  public void addBatch() throws SQLException {
    batches.add(boundParameters());
  }

  @Override
  public void clearBatch() {
    super.clearBatch();
    batches.clear();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    long[] counts = new long[batches.size()];
    try {
      for (int i = 0; i < batches.size(); i++) {
        List<Object> values = batches.get(i);
        run(query -> prepared.execute(new ExecutionContext(connection.session(), values, query)));
        counts[i] = Math.max(0, getLargeUpdateCount());
      }
    } finally {
      batches.clear();
    }
    return counts;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    Optional<String> describing = prepared.describingSql();
    if (describing.isEmpty()) {
      return null;
    }
    try (PreparedStatement duck = connection.session().duck().prepareStatement(describing.get())) {
      return duck.getMetaData();
    } catch (SQLException e) {
      throw JdbcErrors.toSql(e);
    }
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    if (prepared.parameterCount() >= 0) {
      return new TypedParameterMetaData(prepared.parameterTypes());
    }
    try (PreparedStatement duck = connection.session().duck().prepareStatement(sql)) {
      return duck.getParameterMetaData();
    } catch (SQLException e) {
      throw JdbcErrors.toSql(e);
    }
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    throw JdbcErrors.toSql(new SqlscoreException(ErrorCode.INVALID_STATEMENT,
        "a PreparedStatement runs the statement it was prepared with; use a Statement for other SQL"));
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    set(parameterIndex, null);
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setBigDecimal(int parameterIndex, java.math.BigDecimal x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setNString(int parameterIndex, String x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    set(parameterIndex, null);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setDate(int parameterIndex, java.sql.Date x, java.util.Calendar cal) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setTime(int parameterIndex, java.sql.Time x, java.util.Calendar cal) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setTimestamp(int parameterIndex, java.sql.Timestamp x, java.util.Calendar cal) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
    throw JdbcErrors.unsupported("setAsciiStream");
  }

  @Override
  public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
    throw JdbcErrors.unsupported("setUnicodeStream");
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
    throw JdbcErrors.unsupported("setBinaryStream");
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader, int length) throws SQLException {
    throw JdbcErrors.unsupported("setCharacterStream");
  }

  @Override
  public void setRef(int parameterIndex, java.sql.Ref x) throws SQLException {
    throw JdbcErrors.unsupported("setRef");
  }

  @Override
  public void setBlob(int parameterIndex, java.sql.Blob x) throws SQLException {
    throw JdbcErrors.unsupported("setBlob");
  }

  @Override
  public void setClob(int parameterIndex, java.sql.Clob x) throws SQLException {
    throw JdbcErrors.unsupported("setClob");
  }

  @Override
  public void setArray(int parameterIndex, java.sql.Array x) throws SQLException {
    throw JdbcErrors.unsupported("setArray");
  }

  @Override
  public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
    throw JdbcErrors.unsupported("setURL");
  }

  @Override
  public void setRowId(int parameterIndex, java.sql.RowId x) throws SQLException {
    throw JdbcErrors.unsupported("setRowId");
  }

  @Override
  public void setNCharacterStream(int parameterIndex, java.io.Reader value, long length) throws SQLException {
    throw JdbcErrors.unsupported("setNCharacterStream");
  }

  @Override
  public void setNClob(int parameterIndex, java.sql.NClob value) throws SQLException {
    throw JdbcErrors.unsupported("setNClob");
  }

  @Override
  public void setClob(int parameterIndex, java.io.Reader reader, long length) throws SQLException {
    throw JdbcErrors.unsupported("setClob");
  }

  @Override
  public void setBlob(int parameterIndex, java.io.InputStream inputStream, long length) throws SQLException {
    throw JdbcErrors.unsupported("setBlob");
  }

  @Override
  public void setNClob(int parameterIndex, java.io.Reader reader, long length) throws SQLException {
    throw JdbcErrors.unsupported("setNClob");
  }

  @Override
  public void setSQLXML(int parameterIndex, java.sql.SQLXML xmlObject) throws SQLException {
    throw JdbcErrors.unsupported("setSQLXML");
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
    throw JdbcErrors.unsupported("setAsciiStream");
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
    throw JdbcErrors.unsupported("setBinaryStream");
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader, long length) throws SQLException {
    throw JdbcErrors.unsupported("setCharacterStream");
  }

  @Override
  public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    throw JdbcErrors.unsupported("setAsciiStream");
  }

  @Override
  public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
    throw JdbcErrors.unsupported("setBinaryStream");
  }

  @Override
  public void setCharacterStream(int parameterIndex, java.io.Reader reader) throws SQLException {
    throw JdbcErrors.unsupported("setCharacterStream");
  }

  @Override
  public void setNCharacterStream(int parameterIndex, java.io.Reader value) throws SQLException {
    throw JdbcErrors.unsupported("setNCharacterStream");
  }

  @Override
  public void setClob(int parameterIndex, java.io.Reader reader) throws SQLException {
    throw JdbcErrors.unsupported("setClob");
  }

  @Override
  public void setBlob(int parameterIndex, java.io.InputStream inputStream) throws SQLException {
    throw JdbcErrors.unsupported("setBlob");
  }

  @Override
  public void setNClob(int parameterIndex, java.io.Reader reader) throws SQLException {
    throw JdbcErrors.unsupported("setNClob");
  }
}
