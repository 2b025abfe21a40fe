package io.sqlscore.planner.engine;

import io.sqlscore.arrow.DuckDbIdentifiers;
import io.sqlscore.planner.exec.ExecutablePlan;
import io.sqlscore.planner.exec.ScoringPasses;
import io.sqlscore.planner.rel.PredictInvocation;
import io.sqlscore.planner.rel.PredictOutput;
import io.sqlscore.planner.sql.ExplanationType;
import java.util.StringJoiner;

/**
 * DuckDB SQL with the result columns of a planned query, for describing the result without
 * running it: each scoring stream becomes an empty common table expression with its input's
 * columns and its outputs' types, so that nothing is read or scored.
 */
final class DescribingSql {
  private DescribingSql() {}

  /** The describing SQL of {@code segment}: its own SQL when it reads no scoring stream. */
  static String of(ExecutablePlan.Segment segment) {
    if (segment.streams().isEmpty()) {
      return segment.sql().sql();
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
          + of(stream.input()) + ") AS __sqlscore_input WHERE false)");
    }
    return streams + "SELECT * FROM (" + segment.sql().sql() + ") AS __sqlscore_described";
  }
}
