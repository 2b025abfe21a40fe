package io.sqlscore.registry;

import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The registry tables in schema {@code sqlscore}: plain DuckDB tables users can query and join.
 * They are created on the first registry write; {@code registry_info.layout_version} records
 * the layout so that later versions of sqlscore can migrate it.
 *
 * <ul>
 *   <li>{@code models}: one row per model name ever created (dropped ones keep their row so
 *       that version numbers are never reused);
 *   <li>{@code model_versions}: one row per live version with its config, features, identity,
 *       metrics and provenance;
 *   <li>{@code model_weights}: the weights, content-addressed by their sha256, so that a
 *       {@code .duckdb} file carries its models;
 *   <li>{@code model_aliases}: alias to version per model;
 *   <li>{@code model_explanations}: stored global and dataset-level explanations;
 *   <li>{@code model_events}: the append-only history of every change;
 *   <li>{@code training_runs}: one row per epoch of every {@code CREATE MODEL ... AS} run
 *       (see {@link TrainingRuns}).
 * </ul>
 */
public final class RegistrySchema {
  /** The layout this code reads and writes. */
  public static final int LAYOUT_VERSION = 1;
  /** The schema holding the registry tables. */
  public static final String SCHEMA = "sqlscore";

  private static final List<String> DDL = List.of(
      "CREATE SCHEMA IF NOT EXISTS sqlscore",
      "CREATE TABLE IF NOT EXISTS sqlscore.registry_info (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)",
      "CREATE TABLE IF NOT EXISTS sqlscore.models (name_key VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, "
          + "description VARCHAR, next_version BIGINT NOT NULL, created_at TIMESTAMPTZ NOT NULL, "
          + "created_by VARCHAR NOT NULL, dropped_at TIMESTAMPTZ)",
      "CREATE TABLE IF NOT EXISTS sqlscore.model_versions (model VARCHAR NOT NULL, version BIGINT NOT NULL, "
          + "kind VARCHAR NOT NULL, task VARCHAR NOT NULL, config JSON NOT NULL, features JSON NOT NULL, "
          + "sha256 VARCHAR NOT NULL, weights_sha256 VARCHAR NOT NULL, size_bytes BIGINT NOT NULL, "
          + "created_at TIMESTAMPTZ NOT NULL, created_by VARCHAR NOT NULL, source VARCHAR NOT NULL, "
          + "metrics JSON, readme VARCHAR, description VARCHAR, binding VARCHAR NOT NULL, "
          + "status VARCHAR NOT NULL, PRIMARY KEY (model, version))",
      "CREATE TABLE IF NOT EXISTS sqlscore.model_weights (sha256 VARCHAR PRIMARY KEY, weights BLOB NOT NULL)",
      "CREATE TABLE IF NOT EXISTS sqlscore.model_aliases (model VARCHAR NOT NULL, alias VARCHAR NOT NULL, "
          + "version BIGINT NOT NULL, updated_at TIMESTAMPTZ NOT NULL, updated_by VARCHAR NOT NULL, "
          + "PRIMARY KEY (model, alias))",
      "CREATE TABLE IF NOT EXISTS sqlscore.model_explanations (model VARCHAR NOT NULL, version BIGINT NOT NULL, "
          + "name VARCHAR NOT NULL, scope VARCHAR NOT NULL, kind VARCHAR NOT NULL, fields VARCHAR[] NOT NULL, "
          + "weight DOUBLE NOT NULL, rank INTEGER NOT NULL, rows BIGINT, query VARCHAR, "
          + "created_at TIMESTAMPTZ NOT NULL)",
      "CREATE SEQUENCE IF NOT EXISTS sqlscore.model_event_seq",
      "CREATE TABLE IF NOT EXISTS sqlscore.model_events (seq BIGINT PRIMARY KEY "
          + "DEFAULT nextval('sqlscore.model_event_seq'), happened_at TIMESTAMPTZ NOT NULL, who VARCHAR NOT NULL, "
          + "model VARCHAR NOT NULL, version BIGINT, event VARCHAR NOT NULL, detail VARCHAR)",
      "INSERT INTO sqlscore.registry_info VALUES ('layout_version', '" + LAYOUT_VERSION + "') "
          + "ON CONFLICT DO NOTHING",
      "CREATE SEQUENCE IF NOT EXISTS sqlscore.training_run_seq",
      "CREATE TABLE IF NOT EXISTS sqlscore.training_runs (run_id BIGINT NOT NULL, model VARCHAR NOT NULL, "
          + "version BIGINT, epoch INTEGER, train_loss DOUBLE, metric VARCHAR, validation_metric DOUBLE, "
          + "best BOOLEAN, rows_per_s DOUBLE, epoch_seconds DOUBLE, eta_seconds DOUBLE, state VARCHAR NOT NULL, "
          + "started_at TIMESTAMPTZ NOT NULL, ended_at TIMESTAMPTZ, started_by VARCHAR NOT NULL, detail VARCHAR)");

  private RegistrySchema() {}

  /** Whether the registry tables exist in the database of {@code connection}. */
  public static boolean exists(Connection connection) {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM duckdb_tables() "
            + "WHERE schema_name = 'sqlscore' AND table_name = 'registry_info' "
            + "AND database_name = current_database()")) {
      rs.next();
      return rs.getLong(1) > 0;
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** Creates missing registry tables (within the caller's transaction) and checks the layout. */
  static void ensure(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String ddl : DDL) {
        s.execute(ddl);
      }
    }
    checkLayout(connection);
  }

  /** Fails if the registry was written by a newer sqlscore with a layout this one cannot read. */
  static void checkLayout(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT value FROM sqlscore.registry_info WHERE key = 'layout_version'")) {
      int layout = rs.next() ? Integer.parseInt(rs.getString(1)) : LAYOUT_VERSION;
      if (layout > LAYOUT_VERSION) {
        throw SqlscoreException.of(ErrorCode.NOT_SUPPORTED,
            "the model registry in this database has layout %d, newer than the %d this sqlscore reads; "
                + "upgrade sqlscore to use its models", layout, LAYOUT_VERSION);
      }
    }
  }
}
