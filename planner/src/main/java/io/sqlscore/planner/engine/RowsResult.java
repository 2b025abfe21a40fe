package io.sqlscore.planner.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Results computed by sqlscore itself (SHOW MODELS, DESCRIBE MODEL, ...) returned as a DuckDB
 * result set, so that they behave like every other result: same JDBC types and metadata.
 */
final class RowsResult {
  /**
   * A column of such a result.
   *
   * @param name the column label
   * @param duckType the DuckDB type of its values
   */
  record Column(String name, String duckType) {}

  private RowsResult() {}

  /** Runs a VALUES query producing {@code rows} with the given columns. */
  static StatementResult of(ExecutionContext context, List<Column> columns, List<List<Object>> rows) {
    StringJoiner names = new StringJoiner(", ");
    for (Column column : columns) {
      names.add(io.sqlscore.arrow.DuckDbIdentifiers.quote(column.name()));
    }
    String sql;
    List<Object> values = new ArrayList<>();
    if (rows.isEmpty()) {
      sql = describing(columns);
    } else {
      StringJoiner tuples = new StringJoiner(", ");
      for (List<Object> row : rows) {
        StringJoiner tuple = new StringJoiner(", ", "(", ")");
        for (int c = 0; c < columns.size(); c++) {
          tuple.add("?::" + columns.get(c).duckType());
          values.add(row.get(c));
        }
        tuples.add(tuple.toString());
      }
      sql = "SELECT * FROM (VALUES " + tuples + ") AS t(" + names + ")";
    }
    return DuckDbRunner.run(context.session(), sql, values, context.query(), () -> { });
  }

  /** A query with the given columns and no rows, which describes such a result. */
  static String describing(List<Column> columns) {
    StringJoiner typed = new StringJoiner(", ");
    for (Column column : columns) {
      typed.add("NULL::" + column.duckType() + " AS " + io.sqlscore.arrow.DuckDbIdentifiers.quote(column.name()));
    }
    return "SELECT " + typed + " WHERE false";
  }
}
