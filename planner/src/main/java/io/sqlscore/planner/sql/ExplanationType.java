package io.sqlscore.planner.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The SQL type of an EXPLAIN_PREDICT value (EXPLAIN.md): a ROW of the score, the ranked cross
 * features and the per-field importance.
 *
 * <pre>
 * ROW(score DOUBLE,
 *     crosses ARRAY&lt;ROW(fields VARCHAR ARRAY, "values" VARCHAR ARRAY, "order" INTEGER,
 *                        support_order INTEGER, weight DOUBLE)&gt;,
 *     importance ARRAY&lt;ROW(field VARCHAR, weight DOUBLE)&gt;)
 * </pre>
 */
public final class ExplanationType {
  /** The type as DuckDB reads it from the scoring stream (field names arrive as VARCHAR). */
  public static final String DUCKDB_TYPE = "STRUCT(score DOUBLE, crosses STRUCT(fields VARCHAR[], \"values\" VARCHAR[], "
      + "\"order\" INTEGER, support_order INTEGER, weight DOUBLE)[], importance STRUCT(field VARCHAR, weight DOUBLE)[])";

  private ExplanationType() {}

  /** The type, built with {@code types}. */
  public static RelDataType of(RelDataTypeFactory types) {
    RelDataType varchar = types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), true);
    RelDataType dbl = types.createSqlType(SqlTypeName.DOUBLE);
    RelDataType integer = types.createSqlType(SqlTypeName.INTEGER);
    RelDataType cross = types.builder()
        .add("fields", types.createArrayType(varchar, -1))
        .add("values", types.createArrayType(varchar, -1))
        .add("order", integer)
        .add("support_order", integer)
        .add("weight", dbl)
        .build();
    RelDataType importance = types.builder().add("field", varchar).add("weight", dbl).build();
    return types.builder()
        .add("score", dbl)
        .add("crosses", types.createArrayType(cross, -1))
        .add("importance", types.createArrayType(importance, -1))
        .build();
  }
}
