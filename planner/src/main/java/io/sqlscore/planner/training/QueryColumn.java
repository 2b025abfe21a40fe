package io.sqlscore.planner.training;

import io.sqlscore.arrow.DuckDbIdentifiers;

/**
 * A column of a training query's result.
 *
 * @param name the column name as DuckDB reports it
 * @param duckType its DuckDB type, as DESCRIBE spells it
 * @param type what the type can be in a model
 */
record QueryColumn(String name, String duckType, ColumnClass type) {
  /** A column of a DuckDB type. */
  static QueryColumn of(String name, String duckType) {
    return new QueryColumn(name, duckType, ColumnClass.of(duckType));
  }

  /** The name as a quoted DuckDB identifier. */
  String quoted() {
    return DuckDbIdentifiers.quote(name);
  }

  /** The column as a DOUBLE, in SQL. */
  String asDouble() {
    return "CAST(" + quoted() + " AS DOUBLE)";
  }
}
