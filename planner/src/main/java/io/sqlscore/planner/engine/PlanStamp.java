package io.sqlscore.planner.engine;

import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.registry.RegistrySchema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

/**
 * What a plan depends on, read in one small query when a statement is planned and again before
 * each execution of a prepared statement: the model registry's history (every change appends
 * an event, so the count of events and the last event number change with every model DDL,
 * whichever connection ran it) and a hash of the catalog's columns (tables and views of every
 * attached database, sqlscore's own streams and registry excluded). Read on the session's
 * connection, so that inside a transaction it sees the transaction's own changes.
 *
 * @param registryEvents the number of registry events, or -1 without a registry
 * @param lastEvent the highest event number, or -1
 * @param catalogHash a hash of every column's table, name and type
 */
record PlanStamp(long registryEvents, long lastEvent, long catalogHash) {
  private static final String CATALOG = "(SELECT hash(string_agg(database_name || '.' || schema_name || '.' "
      + "|| table_name || '.' || column_name || ' ' || data_type, ',' "
      + "ORDER BY database_name, schema_name, table_name, column_index)) FROM duckdb_columns() "
      + "WHERE schema_name <> '" + RegistrySchema.SCHEMA + "' AND NOT starts_with(table_name, '__sqlscore_'))";
  private static final String WITH_REGISTRY = "SELECT count(*), coalesce(max(seq), -1), " + CATALOG
      + " FROM " + RegistrySchema.SCHEMA + ".model_events";
  private static final String WITHOUT_REGISTRY = "SELECT -1, -1, " + CATALOG;

  /** The stamp of the database {@code connection} sees now. */
  static PlanStamp read(DuckDBConnection connection, boolean registryExists) {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(registryExists ? WITH_REGISTRY : WITHOUT_REGISTRY)) {
      rs.next();
      return new PlanStamp(rs.getLong(1), rs.getLong(2), rs.getLong(3));
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }
}
