package io.sqlscore.cli.score;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

/**
 * The rows a job scores, in a stable order: its {@link Segment segments} (files in path order, or
 * one table) and, within each, the row number (Parquet's {@code file_row_number}, a CSV file's
 * line order, a table's rowid). Chunks are ranges of that order, so a rerun cuts the same input
 * into the same chunks. Every chunk's rows carry their origin in columns {@code source_file}
 * (files) and {@code source_row}.
 */
abstract class ScoreInput {
  private final List<Segment> segments;
  private final List<String> columns;

  ScoreInput(List<Segment> segments, List<String> columns) {
    this.segments = List.copyOf(segments);
    this.columns = List.copyOf(columns);
  }

  /** What the input is, for messages: {@code 'events/*.parquet' (3 Parquet files)}. */
  abstract String describe();

  /** The segments in the stable order. */
  final List<Segment> segments() {
    return segments;
  }

  /** The input's column names (without {@code source_file} and {@code source_row}). */
  final List<String> columns() {
    return columns;
  }

  /**
   * Whether the input reads a file in {@code folder} (absolute, normalized) or below it, or would
   * read {@code file} (in that folder) once it exists, as a rerun of the job would.
   */
  boolean reads(Path folder, Path file) {
    return false;
  }

  /** Whether the input is table {@code schemaTable} (lower case {@code schema.table}) of database {@code catalog}. */
  boolean isTable(String catalog, String schemaTable) {
    return false;
  }

  /** The columns that say where a row came from, output when no key or column is chosen. */
  abstract List<String> originColumns();

  /** A DuckDB query of the rows in {@code ranges} (not empty) with all input columns and the origin columns. */
  abstract String rangesSql(List<ChunkPlan.Range> ranges);

  /** A DuckDB query with the columns of {@link #rangesSql} and no rows. */
  abstract String emptySql();

  /** Where row {@code row} (1-based, in scan order) of the DuckDB relation {@code relation} came from, in words. */
  final String origin(Connection duck, String relation, long row) {
    List<Object[]> found = Queries.rows(duck, "SELECT " + String.join(", ", originColumns()) + " FROM " + relation
        + " LIMIT 1 OFFSET " + (row - 1));
    if (found.isEmpty()) {
      return "row " + row + " of the chunk";
    }
    Object[] origin = found.get(0);
    return origin.length == 2
        ? "file '" + origin[0] + "', row " + origin[1] + " (0-based)"
        : describe() + ", rowid " + origin[0];
  }
}
