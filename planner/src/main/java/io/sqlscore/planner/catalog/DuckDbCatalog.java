package io.sqlscore.planner.catalog;

import io.sqlscore.arrow.DuckDbErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.Lookup;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A per-statement view of a DuckDB database's catalog for Calcite. The root schema holds one
 * sub-schema per attached DuckDB database, each holding its schemas, each holding its tables and
 * views; everything is read from DuckDB's catalog functions on first use. Unqualified names are
 * resolved like DuckDB does: temporary objects first, then the current schema of the current
 * database.
 */
public final class DuckDbCatalog {
  private final Connection connection;
  private final String database;
  private final String schema;
  private final CalciteSchema root;

  private DuckDbCatalog(Connection connection, String database, String schema) {
    this.connection = connection;
    this.database = database;
    this.schema = schema;
    this.root = CalciteSchema.createRootSchema(false, false, "", new DatabasesSchema());
  }

  /** Reads the current database and schema of {@code connection}. */
  public static DuckDbCatalog load(Connection connection) {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT current_database(), current_schema()")) {
      rs.next();
      return new DuckDbCatalog(connection, rs.getString(1), rs.getString(2));
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** The root of the schema tree. */
  public CalciteSchema root() {
    return root;
  }

  /** The name of the current DuckDB database (catalog). */
  public String database() {
    return database;
  }

  /** The paths searched for unqualified and partly qualified names, in DuckDB's order. */
  public List<List<String>> searchPaths() {
    return List.of(List.of("temp", "main"), List.of(database, schema), List.of(database), List.of());
  }

  private Set<String> names(String sql, String... args) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        statement.setString(i + 1, args[i]);
      }
      Set<String> names = new LinkedHashSet<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  private @Nullable Table table(String database, String schema, String table) {
    List<DuckDbTable.Column> columns = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT column_name, data_type, is_nullable FROM duckdb_columns() "
            + "WHERE database_name = ? AND schema_name = ? AND table_name = ? ORDER BY column_index")) {
      statement.setString(1, database);
      statement.setString(2, schema);
      statement.setString(3, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          columns.add(new DuckDbTable.Column(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
        }
      }
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
    return columns.isEmpty() ? null : new DuckDbTable(columns);
  }

  /** The root: one sub-schema per attached database. */
  private final class DatabasesSchema extends AbstractSchema {
    private final Lookup<Schema> databases = new NameLookup<>(
        () -> names("SELECT database_name FROM duckdb_databases()"), SchemasSchema::new);

    @Override
    public Lookup<? extends Schema> subSchemas() {
      return databases;
    }
  }

  /** One database: one sub-schema per schema. */
  private final class SchemasSchema extends AbstractSchema {
    private final Lookup<Schema> schemas;

    SchemasSchema(String database) {
      this.schemas = new NameLookup<>(
          () -> names("SELECT schema_name FROM duckdb_schemas() WHERE database_name = ?", database),
          schema -> new TablesSchema(database, schema));
    }

    @Override
    public Lookup<? extends Schema> subSchemas() {
      return schemas;
    }
  }

  /** One schema: its tables and views. */
  private final class TablesSchema extends AbstractSchema {
    private final Lookup<Table> tables;

    TablesSchema(String database, String schema) {
      this.tables = new NameLookup<>(
          () -> names(
              "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
                  + "UNION ALL SELECT view_name FROM duckdb_views() "
                  + "WHERE database_name = ? AND schema_name = ?",
              database, schema, database, schema),
          table -> table(database, schema, table));
    }

    @Override
    public Lookup<Table> tables() {
      return tables;
    }
  }
}
