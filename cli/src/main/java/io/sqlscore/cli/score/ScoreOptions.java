package io.sqlscore.cli.score;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of {@code sqlscore score}, checked for consistency.
 *
 * @param model a registry reference ({@code adult@prod}, needs {@code db}) or a package path
 * @param db the database file, or null
 * @param input a Parquet or CSV file, glob or folder, or null with {@code inputTable}
 * @param inputTable a table of the database, or null with {@code input}
 * @param output the output folder, or null with {@code outputTable}
 * @param outputTable the output table, or null with {@code output}
 * @param key the key columns, passed through first
 * @param columns further pass-through columns
 * @param explain the number of cross features of the explanation column, 0 for none
 * @param where a DuckDB filter on the input rows, or null
 * @param format the output file format: {@code parquet} or {@code csv}
 * @param rowsPerFile the input rows per chunk, hence the most rows per output file
 * @param threads scoring threads, or 0 for the default
 * @param batch rows per Arrow batch, or 0 for the default
 * @param quiet no progress and no summary
 * @param overwrite start again over an earlier job's output
 */
public record ScoreOptions(
    String model, String db, String input, String inputTable, Path output, String outputTable,
    List<String> key, List<String> columns, int explain, String where, String format, long rowsPerFile,
    int threads, int batch, boolean quiet, boolean overwrite) {

  /** The usage text. */
  public static final String USAGE = String.join("\n",
      "usage: sqlscore score --model NAME@VERSION|NAME@ALIAS|PACKAGE",
      "         (--input FILES | --input-table TABLE) (--output FOLDER | --output-table TABLE)",
      "         [--db FILE] [--key COLS] [--columns COLS] [--explain K] [--where SQL]",
      "         [--format parquet|csv] [--rows-per-file N] [--threads N] [--batch N] [--quiet] [--overwrite]",
      "FILES: a Parquet or CSV file, a glob ('events/*.parquet') or a folder (hive partitions read).",
      "Exit codes: 0 done (or nothing left to do), 1 failed, 2 bad usage, 3 the output holds a different job.");

  private static final long DEFAULT_ROWS_PER_FILE = 10_000_000L;

  /**
   * Parses the arguments after {@code score}; {@code db} is the database Main took from
   * {@code --db}, or null.
   *
   * @throws SqlscoreException INVALID_ARGUMENT for an unknown, missing or inconsistent option
   */
  public static ScoreOptions parse(List<String> arguments, String db) {
    Map<String, String> values = new LinkedHashMap<>();
    boolean quiet = false;
    boolean overwrite = false;
    List<String> args = new ArrayList<>(arguments);
    for (int i = 0; i < args.size(); i++) {
      String name = args.get(i);
      switch (name) {
        case "--quiet":
          quiet = true;
          break;
        case "--overwrite":
          overwrite = true;
          break;
        case "--model": case "--db": case "--input": case "--input-table": case "--output": case "--output-table":
        case "--key": case "--columns": case "--explain": case "--where": case "--format": case "--rows-per-file":
        case "--threads": case "--batch":
          if (i + 1 >= args.size()) {
            throw usage("%s needs a value", name);
          }
          if (values.put(name, args.get(++i)) != null) {
            throw usage("%s is given twice", name);
          }
          break;
        default:
          throw usage("unknown argument '%s'", name);
      }
    }
    String database = values.getOrDefault("--db", db);
    String model = required(values, "--model");
    if (values.containsKey("--input") == values.containsKey("--input-table")) {
      throw usage("give exactly one of --input (files) and --input-table (a table of --db)");
    }
    if (values.containsKey("--output") == values.containsKey("--output-table")) {
      throw usage("give exactly one of --output (a folder) and --output-table (a table of --db)");
    }
    if (database == null && (values.containsKey("--input-table") || values.containsKey("--output-table"))) {
      throw usage("--input-table and --output-table name tables of the database: give --db FILE");
    }
    if (database == null && !isPackage(model)) {
      throw usage("--model %s names a version in a model registry: give --db FILE, or a package path", model);
    }
    String format = values.getOrDefault("--format", "parquet").toLowerCase(Locale.ROOT);
    if (!format.equals("parquet") && !format.equals("csv")) {
      throw usage("--format is parquet or csv, not '%s'", format);
    }
    if (values.containsKey("--format") && values.containsKey("--output-table")) {
      throw usage("--format applies to --output files, not to --output-table");
    }
    return new ScoreOptions(model, database, values.get("--input"), values.get("--input-table"),
        values.containsKey("--output") ? Path.of(values.get("--output")) : null, values.get("--output-table"),
        names(values.get("--key")), names(values.get("--columns")),
        (int) number(values, "--explain", 0, 0), values.get("--where"), format,
        number(values, "--rows-per-file", DEFAULT_ROWS_PER_FILE, 1), (int) number(values, "--threads", 0, 1),
        (int) number(values, "--batch", 0, 1), quiet, overwrite);
  }

  /**
   * Whether {@code --model} names a package (a path that exists, or one with a slash) rather than
   * a registry version.
   */
  public boolean modelIsPackage() {
    return isPackage(model);
  }

  private static boolean isPackage(String model) {
    return model.contains("/") || model.contains("\\") || java.nio.file.Files.exists(Path.of(model));
  }

  /**
   * The options that define the job's output, by name: a rerun whose values differ does not
   * resume the job. Threads, batch size, quiet and overwrite change how it runs, not what it writes.
   */
  public Map<String, String> identity() {
    Map<String, String> identity = new LinkedHashMap<>();
    identity.put("model", modelIsPackage() ? Path.of(model).toAbsolutePath().normalize().toString() : model);
    identity.put("input", input != null ? FileInput.absolute(input) : "table " + inputTable);
    identity.put("where", where == null ? "" : where);
    identity.put("key", String.join(",", key));
    identity.put("columns", String.join(",", columns));
    identity.put("explain", Integer.toString(explain));
    identity.put("format", outputTable == null ? format : "table");
    identity.put("rows_per_file", Long.toString(rowsPerFile));
    return identity;
  }

  private static String required(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null || value.isBlank()) {
      throw usage("%s is required", name);
    }
    return value;
  }

  private static List<String> names(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static long number(Map<String, String> values, String name, long defaultValue, long min) {
    String text = values.get(name);
    if (text == null) {
      return defaultValue;
    }
    try {
      long value = Long.parseLong(text.replace("_", ""));
      if (value < min) {
        throw usage("%s must be at least %d, not %s", name, min, text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw usage("%s takes a whole number, not '%s'", name, text);
    }
  }

  private static SqlscoreException usage(String format, Object... args) {
    return SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, format, args);
  }
}
