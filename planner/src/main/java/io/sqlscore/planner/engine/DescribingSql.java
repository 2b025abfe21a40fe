package io.sqlscore.planner.engine;

import io.sqlscore.arrow.DuckDbIdentifiers;
import io.sqlscore.planner.catalog.DuckDbTypes;
import io.sqlscore.planner.exec.ExecutablePlan;
import io.sqlscore.planner.exec.ScoringPasses;
import io.sqlscore.planner.plan.PushdownSql;
import io.sqlscore.planner.rel.PredictInvocation;
import io.sqlscore.planner.rel.PredictOutput;
import io.sqlscore.planner.sql.ExplanationType;
import java.util.List;
import java.util.StringJoiner;
import org.apache.calcite.rel.type.RelDataType;

/**
 * DuckDB SQL with the result columns of a planned query, for describing the result without
 * running it: each scoring stream becomes an empty common table expression with its input's
 * columns and its outputs' types, so that nothing is read or scored, and each parameter a NULL
 * of its type, so that DuckDB can type every column before values are bound.
 */
final class DescribingSql {
  private DescribingSql() {}

  /**
   * The describing SQL of {@code segment}, whose statement parameters have types
   * {@code parameterTypes}.
   */
  static String of(ExecutablePlan.Segment segment, List<RelDataType> parameterTypes) {
    String sql = typedNulls(segment.sql(), parameterTypes);
    if (segment.streams().isEmpty()) {
      return sql;
    }
    StringJoiner streams = new StringJoiner(", ", "WITH ", " ");
    for (ExecutablePlan.ScoringStream stream : segment.streams()) {
      StringBuilder columns = new StringBuilder("SELECT *");
      int n = 0;
      for (PredictInvocation invocation : stream.invocations()) {
        for (PredictOutput output : invocation.outputs()) {
          columns.append(", NULL::").append(output.explanation() ? ExplanationType.DUCKDB_TYPE : "DOUBLE")
              .append(" AS ").append(DuckDbIdentifiers.quote(ScoringPasses.outputName(output, n++)));
        }
      }
      streams.add(DuckDbIdentifiers.quote(stream.placeholder()) + " AS (" + columns + " FROM ("
          + of(stream.input(), parameterTypes) + ") AS __sqlscore_input WHERE false)");
    }
    return streams + "SELECT * FROM (" + sql + ") AS __sqlscore_described";
  }

  /** {@code sql} with each {@code ?} placeholder replaced by a NULL of its parameter's type. */
  private static String typedNulls(PushdownSql sql, List<RelDataType> parameterTypes) {
    String code = SqlScript.codeOnly(sql.sql());
    StringBuilder out = new StringBuilder();
    int placeholder = 0;
    for (int i = 0; i < code.length(); i++) {
      if (code.charAt(i) == '?' && placeholder < sql.parameterIndexes().size()) {
        int parameter = sql.parameterIndexes().get(placeholder++);
        out.append("CAST(NULL AS ").append(parameter < parameterTypes.size()
            ? DuckDbTypes.toDuckDb(parameterTypes.get(parameter)) : "VARCHAR").append(')');
      } else {
        out.append(sql.sql().charAt(i));
      }
    }
    return out.toString();
  }
}
