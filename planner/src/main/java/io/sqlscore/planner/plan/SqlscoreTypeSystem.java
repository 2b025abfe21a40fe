package io.sqlscore.planner.plan;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system adjusted to DuckDB: string literals of different lengths in CASE or
 * UNION become VARCHAR (not blank-padded CHAR), and strings have no length limit.
 */
public final class SqlscoreTypeSystem extends RelDataTypeSystemImpl {
  /** The shared instance. */
  public static final SqlscoreTypeSystem INSTANCE = new SqlscoreTypeSystem();

  private SqlscoreTypeSystem() {}

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return typeName == SqlTypeName.VARCHAR || typeName == SqlTypeName.VARBINARY
        ? Integer.MAX_VALUE
        : super.getMaxPrecision(typeName);
  }
}
