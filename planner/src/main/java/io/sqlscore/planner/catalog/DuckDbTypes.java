package io.sqlscore.planner.catalog;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Maps DuckDB column types (as spelled by {@code duckdb_columns().data_type}) to Calcite types.
 * Scalar types map exactly; types Calcite cannot represent faithfully (nested types, UUID,
 * INTERVAL, unsigned 64-bit and wider integers, ...) map to {@code ANY}, so that such columns
 * still pass through queries unchanged into DuckDB. The other way, {@link #toDuckDb} names the
 * DuckDB type of a Calcite scalar type.
 */
public final class DuckDbTypes {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

  private DuckDbTypes() {}

  /** The Calcite type of a DuckDB column type. */
  public static RelDataType toCalcite(String duckType, boolean nullable, RelDataTypeFactory types) {
    RelDataType type = scalar(duckType.trim().toUpperCase(Locale.ROOT), types);
    return types.createTypeWithNullability(type, nullable);
  }

  private static RelDataType scalar(String t, RelDataTypeFactory types) {
    Matcher decimal = DECIMAL.matcher(t);
    if (decimal.matches()) {
      return types.createSqlType(
          SqlTypeName.DECIMAL, Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
    }
    switch (t) {
      case "BOOLEAN":
        return types.createSqlType(SqlTypeName.BOOLEAN);
      case "TINYINT":
        return types.createSqlType(SqlTypeName.TINYINT);
      case "SMALLINT":
      case "UTINYINT":
        return types.createSqlType(SqlTypeName.SMALLINT);
      case "INTEGER":
      case "USMALLINT":
        return types.createSqlType(SqlTypeName.INTEGER);
      case "BIGINT":
      case "UINTEGER":
        return types.createSqlType(SqlTypeName.BIGINT);
      case "FLOAT":
        return types.createSqlType(SqlTypeName.REAL);
      case "DOUBLE":
        return types.createSqlType(SqlTypeName.DOUBLE);
      case "VARCHAR":
      case "JSON":
        return types.createSqlType(SqlTypeName.VARCHAR);
      case "BLOB":
        return types.createSqlType(SqlTypeName.VARBINARY);
      case "DATE":
        return types.createSqlType(SqlTypeName.DATE);
      case "TIME":
        return types.createSqlType(SqlTypeName.TIME);
      case "TIMESTAMP":
        return types.createSqlType(SqlTypeName.TIMESTAMP, 6);
      case "TIMESTAMP_MS":
        return types.createSqlType(SqlTypeName.TIMESTAMP, 3);
      case "TIMESTAMP_S":
        return types.createSqlType(SqlTypeName.TIMESTAMP, 0);
      case "TIMESTAMP WITH TIME ZONE":
        return types.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6);
      default:
        return t.startsWith("ENUM(")
            ? types.createSqlType(SqlTypeName.VARCHAR)
            : types.createSqlType(SqlTypeName.ANY);
    }
  }

  /** The DuckDB type of a Calcite type: scalar types exactly, anything else VARCHAR (DuckDB casts it). */
  public static String toDuckDb(RelDataType type) {
    switch (type.getSqlTypeName()) {
      case BOOLEAN:
        return "BOOLEAN";
      case TINYINT:
        return "TINYINT";
      case SMALLINT:
        return "SMALLINT";
      case INTEGER:
        return "INTEGER";
      case BIGINT:
        return "BIGINT";
      case REAL:
        return "FLOAT";
      case FLOAT:
      case DOUBLE:
        return "DOUBLE";
      case DECIMAL:
        return "DECIMAL(" + type.getPrecision() + "," + Math.max(0, type.getScale()) + ")";
      case BINARY:
      case VARBINARY:
        return "BLOB";
      case DATE:
        return "DATE";
      case TIME:
        return "TIME";
      case TIMESTAMP:
        return "TIMESTAMP";
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
        return "TIMESTAMPTZ";
      default:
        return "VARCHAR";
    }
  }
}
