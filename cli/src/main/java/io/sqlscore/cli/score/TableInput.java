package io.sqlscore.cli.score;

import static io.sqlscore.arrow.DuckDbIdentifiers.literal;
import static io.sqlscore.arrow.DuckDbIdentifiers.quoteQualified;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A table of the database. The stable order is the rowid; chunks are rowid ranges, which DuckDB
 * reads without scanning the rest of the table. The table must not change between the runs of a
 * job (its row count and largest rowid are checked when a job resumes).
 */
final class TableInput extends ScoreInput {
  private final String name;
  private final String qualified;
  private final String catalog;
  /** The table's lower case {@code schema.table}. */
  private final String schemaTable;

  private TableInput(String name, String catalog, String schema, String table, List<Segment> segments,
      List<String> columns) {
    super(segments, columns);
    this.name = name;
    this.qualified = quoteQualified(catalog, schema, table);
    this.catalog = catalog;
    this.schemaTable = (schema + "." + table).toLowerCase(Locale.ROOT);
  }

  /**
   * Finds table {@code table} ({@code name} or {@code schema.name}) in database {@code catalog}
   * and counts its rows, and with a {@code where} filter those that pass it.
   *
   * @throws SqlscoreException UNDEFINED_TABLE when there is no such table
   */
  static TableInput open(Connection duck, String catalog, String table, String where) {
    String[] parts = table.split("\\.", 2);
    String schema = parts.length == 2 ? parts[0] : "main";
    String bare = parts[parts.length - 1];
    List<Object[]> found = Queries.rows(duck, "SELECT schema_name, table_name FROM duckdb_tables() "
        + "WHERE database_name = " + literal(catalog) + " AND lower(schema_name) = lower(" + literal(schema) + ") AND lower(table_name) = lower("
        + literal(bare) + ")");
    if (found.isEmpty()) {
      throw SqlscoreException.of(ErrorCode.UNDEFINED_TABLE,
          "input table '%s' does not exist in the database (a view cannot be an input: its rows have no stable "
              + "order; score the table it reads, or --input files)", table);
    }
    String foundSchema = (String) found.get(0)[0];
    String foundTable = (String) found.get(0)[1];
    String qualified = quoteQualified(catalog, foundSchema, foundTable);
    List<String> columns = new ArrayList<>();
    for (Object[] column : Queries.rows(duck, "DESCRIBE SELECT * FROM " + qualified)) {
      columns.add((String) column[0]);
    }
    Object[] counts = Queries.rowsWhere(duck, "SELECT coalesce(max(rowid) + 1, 0), count(*) FILTER (WHERE "
        + (where == null ? "true" : where) + ") FROM " + qualified, where).get(0);
    Segment segment = new Segment(table, ((Number) counts[0]).longValue(), ((Number) counts[1]).longValue());
    return new TableInput(table, catalog, foundSchema, foundTable, List.of(segment), columns);
  }

  @Override
  boolean isTable(String catalog, String schemaTable) {
    return this.catalog.equals(catalog) && this.schemaTable.equals(schemaTable);
  }

  @Override
  String describe() {
    return "table " + name;
  }

  @Override
  List<String> originColumns() {
    return List.of("source_row");
  }

  @Override
  String rangesSql(List<ChunkPlan.Range> ranges) {
    ChunkPlan.Range range = ranges.get(0);
    return "SELECT *, rowid AS source_row FROM " + qualified + " WHERE rowid >= " + range.from()
        + " AND rowid < " + range.to();
  }

  @Override
  String emptySql() {
    return "SELECT *, rowid AS source_row FROM " + qualified + " LIMIT 0";
  }
}
