package io.sqlscore.cli.score;

import static io.sqlscore.arrow.DuckDbIdentifiers.literal;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Parquet or CSV files: one file, a glob ({@code events/*.parquet}, {@code **} recursing) or a
 * folder (its {@code .parquet} files, else its {@code .csv} files, at any depth, with hive
 * partition columns such as {@code day=2026-12-01/} read from the paths). The stable order is the
 * files sorted by path, then each file's rows: Parquet's {@code file_row_number}, or a CSV
 * file's data lines in order (numbered by a streaming {@code row_number()}, so a chunk deep into
 * a large CSV file rereads the lines before it: Parquet is the fast path).
 */
final class FileInput extends ScoreInput {
  /** The file formats read. */
  enum Format { PARQUET, CSV }

  /** The absolute glob of the files (a folder's is {@code folder/**}{@code /*.parquet}). */
  private final String pattern;
  private final Format format;
  /** For CSV: the column types sniffed once over all files, imposed on every file ({@code types = {...}}). */
  private final String csvTypes;
  /** Every file the pattern matched, rows passing {@code --where} or not. */
  private final List<String> files;

  private FileInput(String pattern, Format format, List<Segment> segments, List<String> columns, String csvTypes,
      List<String> files) {
    super(segments, columns);
    this.pattern = pattern;
    this.format = format;
    this.csvTypes = csvTypes;
    this.files = List.copyOf(files);
  }

  @Override
  boolean reads(Path folder, Path file) {
    if (files.stream().anyMatch(f -> Path.of(f).toAbsolutePath().normalize().startsWith(folder))) {
      return true;
    }
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(file);
    } catch (IllegalArgumentException e) {
      // a DuckDB glob that Java's glob syntax does not take: judged by the files it matched
      return false;
    }
  }

  /** {@code input} as an absolute path (a glob stays a glob). */
  static String absolute(String input) {
    return Path.of(input).toAbsolutePath().normalize().toString();
  }

  /**
   * Lists the files of {@code input}, their columns and row counts, and with a {@code where}
   * filter the rows of each that pass it (files without any are left out).
   *
   * @throws SqlscoreException IO_ERROR when no file matches; INVALID_ARGUMENT for mixed or unknown formats
   */
  static FileInput open(Connection duck, String input, String where) {
    String pattern = absolute(input);
    List<String> files;
    if (Files.isDirectory(Path.of(pattern))) {
      String folder = pattern;
      pattern = folder + "/**/*.parquet";
      files = glob(duck, pattern);
      if (files.isEmpty()) {
        pattern = folder + "/**/*.csv";
        files = glob(duck, pattern);
      }
      if (files.isEmpty()) {
        throw SqlscoreException.of(ErrorCode.IO_ERROR,
            "input folder '%s' holds no .parquet or .csv files; give a folder of them, a file or a glob", input);
      }
    } else {
      files = glob(duck, pattern);
      if (files.isEmpty()) {
        boolean isGlob = input.contains("*") || input.contains("?") || input.contains("[");
        throw isGlob
            ? SqlscoreException.of(ErrorCode.IO_ERROR, "no file matches the input '%s'; check the path and the "
                + "pattern", input)
            : SqlscoreException.of(ErrorCode.IO_ERROR, "input file '%s' does not exist", input);
      }
    }
    Format format = format(files, input);
    String all = list(files);
    List<String> columns = new ArrayList<>();
    StringJoiner types = new StringJoiner(", ", ", types = {", "}");
    String reader = format == Format.PARQUET ? "read_parquet(" + all + ")" : "read_csv(" + all + ")";
    for (Object[] column : Queries.rows(duck, "DESCRIBE SELECT * FROM " + reader)) {
      columns.add((String) column[0]);
      types.add(literal((String) column[0]) + ": " + literal((String) column[1]));
    }
    String csvTypes = format == Format.CSV ? types.toString() : "";
    return new FileInput(pattern, format, count(duck, format, csvTypes, files, where), columns, csvTypes, files);
  }

  private static List<String> glob(Connection duck, String pattern) {
    List<String> files = new ArrayList<>();
    for (Object[] row : Queries.rows(duck, "SELECT file FROM glob(" + literal(pattern) + ") ORDER BY file")) {
      files.add((String) row[0]);
    }
    return files;
  }

  private static Format format(List<String> files, String input) {
    Format found = null;
    for (String file : files) {
      String name = file.toLowerCase(Locale.ROOT);
      Format format = name.endsWith(".parquet") || name.endsWith(".parq") || name.endsWith(".pq") ? Format.PARQUET
          : name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".tsv") ? Format.CSV
          : null;
      if (format == null) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
            "input file '%s' is neither Parquet (.parquet) nor CSV (.csv, .csv.gz, .tsv)", file);
      }
      if (found != null && found != format) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
            "the input '%s' mixes Parquet and CSV files; score each format separately", input);
      }
      found = format;
    }
    return found;
  }

  /** Each file's rows (positions) and, with a filter, the rows that pass it. */
  private static List<Segment> count(Connection duck, Format format, String csvTypes, List<String> files,
      String where) {
    Map<String, Long> positions = new HashMap<>();
    Map<String, Long> passing = new HashMap<>();
    if (format == Format.PARQUET) {
      String metadata = "SELECT file_name, num_rows FROM parquet_file_metadata(" + list(files) + ")";
      for (Object[] row : Queries.rows(duck, metadata)) {
        positions.put((String) row[0], ((Number) row[1]).longValue());
      }
    }
    if (format == Format.CSV || where != null) {
      String filter = where == null ? "true" : where;
      String counts = "SELECT source_file, count(*), count(*) FILTER (WHERE " + filter + ") FROM "
          + reader(format, csvTypes, list(files)) + " GROUP BY ALL";
      for (Object[] row : Queries.rowsWhere(duck, counts, where)) {
        positions.putIfAbsent((String) row[0], ((Number) row[1]).longValue());
        passing.put((String) row[0], ((Number) row[2]).longValue());
      }
    }
    List<Segment> segments = new ArrayList<>();
    for (String file : files) {
      long rows = positions.getOrDefault(file, 0L);
      long pass = where == null ? rows : passing.getOrDefault(file, 0L);
      if (where == null || pass > 0) {
        segments.add(new Segment(file, rows, pass));
      }
    }
    return segments;
  }

  /** The table function that reads {@code files} (a DuckDB list) with column {@code source_file}. */
  private static String reader(Format format, String csvTypes, String files) {
    return format == Format.PARQUET
        ? "read_parquet(" + files + ", filename = 'source_file', file_row_number = true)"
        : "read_csv(" + files + ", filename = 'source_file'" + csvTypes + ")";
  }

  private static String list(List<String> files) {
    StringJoiner list = new StringJoiner(", ", "[", "]");
    files.forEach(file -> list.add(literal(file)));
    return list.toString();
  }

  @Override
  String describe() {
    long files = segments().size();
    return String.format(Locale.ROOT, "'%s' (%d %s file%s)", pattern, files,
        format == Format.PARQUET ? "Parquet" : "CSV", files == 1 ? "" : "s");
  }

  @Override
  List<String> originColumns() {
    return List.of("source_file", "source_row");
  }

  @Override
  String rangesSql(List<ChunkPlan.Range> ranges) {
    StringJoiner union = new StringJoiner(" UNION ALL ");
    List<String> whole = new ArrayList<>();
    for (ChunkPlan.Range range : ranges) {
      Segment segment = segments().get(range.segment());
      boolean all = range.from() == 0 && range.to() == segment.positions();
      if (all && format == Format.PARQUET) {
        whole.add(segment.source());
      } else {
        union.add(part(List.of(segment.source()), range.from(), range.to(), all));
      }
    }
    if (!whole.isEmpty()) {
      union.add(part(whole, 0, 0, true));
    }
    return union.toString();
  }

  /** The rows {@code [from, to)} of one file, or all rows of {@code files}, with {@code source_row}. */
  private String part(List<String> files, long from, long to, boolean all) {
    String range = all ? "" : " WHERE %1$s >= " + from + " AND %1$s < " + to;
    if (format == Format.PARQUET) {
      return "SELECT * EXCLUDE (file_row_number), file_row_number AS source_row FROM "
          + reader(format, csvTypes, list(files))
          + String.format(Locale.ROOT, range, "file_row_number");
    }
    return "SELECT * FROM (SELECT *, row_number() OVER () - 1 AS source_row FROM "
        + reader(format, csvTypes, list(files)) + ")"
        + String.format(Locale.ROOT, range, "source_row") + (all ? "" : " LIMIT " + (to - from));
  }

  @Override
  String emptySql() {
    return "SELECT * FROM (" + part(List.of(pattern), 0, 0, true) + ") LIMIT 0";
  }
}
