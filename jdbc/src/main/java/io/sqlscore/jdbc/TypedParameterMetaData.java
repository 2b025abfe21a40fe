package io.sqlscore.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/** Parameter metadata from the types Calcite's validator inferred for a statement's parameters. */
final class TypedParameterMetaData implements ParameterMetaData, SelfWrapper {
  private final List<RelDataType> types;

  TypedParameterMetaData(List<RelDataType> types) {
    this.types = types;
  }

  private RelDataType type(int param) throws SQLException {
    if (param < 1 || param > types.size()) {
      throw JdbcErrors.toSql(io.sqlscore.error.SqlscoreException.of(
          io.sqlscore.error.ErrorCode.INVALID_ARGUMENT,
          "parameter index %d is out of range; the statement has %d parameters", param, types.size()));
    }
    return types.get(param - 1);
  }

  @Override
  public int getParameterCount() {
    return types.size();
  }

  @Override
  public int isNullable(int param) throws SQLException {
    return type(param).isNullable() ? parameterNullable : parameterNoNulls;
  }

  @Override
  public boolean isSigned(int param) throws SQLException {
    return type(param).getSqlTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC;
  }

  @Override
  public int getPrecision(int param) throws SQLException {
    return type(param).getPrecision();
  }

  @Override
  public int getScale(int param) throws SQLException {
    int scale = type(param).getScale();
    return scale == RelDataType.SCALE_NOT_SPECIFIED ? 0 : scale;
  }

  @Override
  public int getParameterType(int param) throws SQLException {
    return type(param).getSqlTypeName().getJdbcOrdinal();
  }

  @Override
  public String getParameterTypeName(int param) throws SQLException {
    return type(param).getSqlTypeName().getName();
  }

  @Override
  public String getParameterClassName(int param) throws SQLException {
    switch (type(param).getSqlTypeName()) {
      case BOOLEAN:
        return Boolean.class.getName();
      case TINYINT:
      case SMALLINT:
      case INTEGER:
        return Integer.class.getName();
      case BIGINT:
        return Long.class.getName();
      case REAL:
        return Float.class.getName();
      case FLOAT:
      case DOUBLE:
        return Double.class.getName();
      case DECIMAL:
        return java.math.BigDecimal.class.getName();
      case DATE:
        return java.sql.Date.class.getName();
      case TIMESTAMP:
        return java.sql.Timestamp.class.getName();
      default:
        return String.class.getName();
    }
  }

  @Override
  public int getParameterMode(int param) {
    return parameterModeIn;
  }

}
