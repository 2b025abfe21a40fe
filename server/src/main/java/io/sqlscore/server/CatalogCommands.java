package io.sqlscore.server;

import io.sqlscore.arrow.DuckDbErrors;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * The rows of Flight SQL's catalog commands, read from DuckDB's catalog: catalogs (the attached
 * databases), schemas, tables and views (with their Arrow schemas on request), table types, and
 * primary and foreign keys. Name filters are SQL LIKE patterns with {@code \} as escape; names
 * match without regard to case, as DuckDB resolves identifiers (so that a client that upper-cases
 * a table name, as sqlline does, still finds it).
 */
final class CatalogCommands {
  /** The table types DuckDB reports. */
  static final List<String> TABLE_TYPES = List.of("BASE TABLE", "LOCAL TEMPORARY", "VIEW");
  /** Foreign key rules: DuckDB has only NO ACTION (Flight SQL's code 3). */
  private static final byte NO_ACTION = 3;
  private static final String USER_DATABASES = "(SELECT database_name FROM duckdb_databases() WHERE NOT internal)";

  private final DuckDBConnection connection;
  private final DuckDbSchemas schemas;

  /** Reads the catalog on {@code connection}, describing table schemas with {@code schemas}. */
  CatalogCommands(DuckDBConnection connection, DuckDbSchemas schemas) {
    this.connection = connection;
    this.schemas = schemas;
  }

  /** Rows of (catalog_name). */
  List<Object[]> catalogs() {
    return query("SELECT database_name FROM " + USER_DATABASES + " ORDER BY 1", List.of(), 1);
  }

  /** Rows of (catalog_name, db_schema_name). */
  List<Object[]> schemas(String catalog, String schemaPattern) {
    List<Object> values = new ArrayList<>();
    String sql = "SELECT database_name, schema_name FROM duckdb_schemas() WHERE database_name IN " + USER_DATABASES
        + filter("database_name", "=", catalog, values) + filter("schema_name", "LIKE", schemaPattern, values)
        + " ORDER BY 1, 2";
    return query(sql, values, 2);
  }

  /** Rows of (catalog_name, db_schema_name, table_name, table_type[, table_schema]). */
  List<Object[]> tables(String catalog, String schemaPattern, String tablePattern, List<String> types,
      boolean withSchemas) {
    List<Object> values = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT table_catalog, table_schema, table_name, table_type "
        + "FROM information_schema.tables WHERE table_catalog IN " + USER_DATABASES)
        .append(filter("table_catalog", "=", catalog, values))
        .append(filter("table_schema", "LIKE", schemaPattern, values))
        .append(filter("table_name", "LIKE", tablePattern, values));
    if (!types.isEmpty()) {
      sql.append(" AND table_type IN (").append(String.join(", ", java.util.Collections.nCopies(types.size(), "?")))
          .append(")");
      values.addAll(types);
    }
    sql.append(" ORDER BY table_type, table_catalog, table_schema, table_name");
    List<Object[]> rows = query(sql.toString(), values, 4);
    if (!withSchemas) {
      return rows;
    }
    List<Object[]> withSchema = new ArrayList<>();
    for (Object[] row : rows) {
      Object[] extended = Arrays.copyOf(row, 5);
      extended[4] = tableSchema((String) row[0], (String) row[1], (String) row[2]).serializeAsMessage();
      withSchema.add(extended);
    }
    return withSchema;
  }

  /** Rows of (catalog_name, db_schema_name, table_name, column_name, key_sequence, key_name). */
  List<Object[]> primaryKeys(String catalog, String schema, String table) {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] key : constraints("PRIMARY KEY", catalog, schema, table, false)) {
      List<?> columns = (List<?>) key[3];
      for (int i = 0; i < columns.size(); i++) {
        rows.add(new Object[] {key[0], key[1], key[2], columns.get(i), i + 1, key[4]});
      }
    }
    return rows;
  }

  /**
   * Foreign keys as Flight SQL lists them: (pk_catalog, pk_schema, pk_table, pk_column, fk_catalog,
   * fk_schema, fk_table, fk_column, key_sequence, fk_key_name, pk_key_name, update_rule,
   * delete_rule); {@code referencing} filters by the table holding the key, else by the table it
   * references.
   */
  List<Object[]> foreignKeys(String catalog, String schema, String table, boolean referencing) {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] key : constraints("FOREIGN KEY", catalog, schema, table, !referencing)) {
      List<?> columns = (List<?>) key[3];
      List<?> referenced = (List<?>) key[6];
      for (int i = 0; i < columns.size(); i++) {
        rows.add(new Object[] {key[0], key[1], key[5], referenced.get(i), key[0], key[1], key[2], columns.get(i),
            i + 1, key[4], null, NO_ACTION, NO_ACTION});
      }
    }
    return rows;
  }

  /** The foreign keys of {@code fkTable} that reference {@code pkTable}. */
  List<Object[]> crossReference(String pkCatalog, String pkSchema, String pkTable, String fkCatalog,
      String fkSchema, String fkTable) {
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row : foreignKeys(fkCatalog, fkSchema, fkTable, true)) {
      if (pkTable.equalsIgnoreCase((String) row[2]) && (pkSchema == null || pkSchema.equalsIgnoreCase((String) row[1]))
          && (pkCatalog == null || pkCatalog.equalsIgnoreCase((String) row[0]))) {
        rows.add(row);
      }
    }
    return rows;
  }

  /**
   * The Arrow schema of a table as its rows will arrive, each field carrying the catalog, schema,
   * table and DuckDB type name in Flight SQL's column metadata.
   */
  private Schema tableSchema(String catalog, String schema, String table) {
    Schema arrow = schemas.ofTable(connection, catalog, schema, table);
    Map<String, String> duckTypes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Object[] row : query("SELECT column_name, data_type FROM information_schema.columns "
        + "WHERE table_catalog = ? AND table_schema = ? AND table_name = ?", List.of(catalog, schema, table), 2)) {
      duckTypes.put((String) row[0], (String) row[1]);
    }
    List<Field> fields = new ArrayList<>();
    for (Field field : arrow.getFields()) {
      FlightSqlColumnMetadata.Builder meta = new FlightSqlColumnMetadata.Builder()
          .catalogName(catalog).schemaName(schema).tableName(table);
      String duckType = duckTypes.get(field.getName());
      if (duckType != null) {
        meta.typeName(duckType);
      }
      fields.add(new Field(field.getName(),
          new FieldType(field.isNullable(), field.getType(), field.getDictionary(), meta.build().getMetadataMap()),
          field.getChildren()));
    }
    return new Schema(fields);
  }

  /**
   * Constraints of a type as (catalog, schema, table, columns, name, referenced table,
   * referenced columns); {@code byReferenced} filters on the referenced table instead.
   */
  private List<Object[]> constraints(String type, String catalog, String schema, String table, boolean byReferenced) {
    List<Object> values = new ArrayList<>();
    values.add(type);
    String sql = "SELECT database_name, schema_name, table_name, constraint_column_names, constraint_name, "
        + "referenced_table, referenced_column_names FROM duckdb_constraints() WHERE constraint_type = ? "
        + "AND database_name IN " + USER_DATABASES
        + filter("database_name", "=", catalog, values) + filter("schema_name", "=", schema, values)
        + filter(byReferenced ? "referenced_table" : "table_name", "=", table, values)
        + " ORDER BY database_name, schema_name, table_name, constraint_name";
    return query(sql, values, 7);
  }

  private static String filter(String column, String operator, String value, List<Object> values) {
    if (value == null) {
      return "";
    }
    values.add(value);
    return operator.equals("LIKE")
        ? " AND " + column + " ILIKE ? ESCAPE '\\'"
        : " AND lower(" + column + ") = lower(?)";
  }

  private List<Object[]> query(String sql, List<Object> values, int columns) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.size(); i++) {
        statement.setObject(i + 1, values.get(i));
      }
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          Object[] row = new Object[columns];
          for (int c = 0; c < columns; c++) {
            Object value = result.getObject(c + 1);
            row[c] = value instanceof Array ? Arrays.asList((Object[]) ((Array) value).getArray()) : value;
          }
          rows.add(row);
        }
      }
      return rows;
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }
}
