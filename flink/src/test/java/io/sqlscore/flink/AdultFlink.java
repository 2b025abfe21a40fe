package io.sqlscore.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * The bundled UCI Adult data and models as Flink tables and models, and a small MiniCluster
 * bound to loopback, for the tests of the provider.
 */
final class AdultFlink {
  /** The model's features, in order: the INPUT columns and the DESCRIPTOR of ML_PREDICT. */
  static final String FEATURES = "age, workclass, fnlwgt, education, education_num, marital_status, occupation, "
      + "relationship, race, sex, capital_gain, capital_loss, hours_per_week, native_country";
  /** The INPUT of a Flink model over the Adult features. */
  static final String INPUT = "age INT, workclass STRING, fnlwgt INT, education STRING, education_num INT, "
      + "marital_status STRING, occupation STRING, relationship STRING, race STRING, sex STRING, capital_gain INT, "
      + "capital_loss INT, hours_per_week INT, native_country STRING";
  /** The positions of the string features (the others are integers). */
  private static final Set<Integer> TEXT_FEATURES = Set.of(1, 3, 5, 6, 7, 8, 9, 13);
  /** Rows of the bundled test file. */
  static final int ROWS = 16_281;

  private AdultFlink() {}

  /** The repository root. */
  static Path repo() {
    return Path.of(System.getProperty("sqlscore.repo", "..")).toAbsolutePath().normalize();
  }

  /** The bundled Adult test CSV. */
  static Path testCsv() {
    return repo().resolve("sql-examples/data/adult/adult_test.csv");
  }

  /** A bundled model package, e.g. {@code models/adult-armnet_plus}, relative to sql-examples. */
  static Path modelPackage(String path) {
    return repo().resolve("sql-examples").resolve(path);
  }

  /** A MiniCluster of one task manager with {@code slots} slots, every endpoint on loopback. */
  static MiniClusterExtension cluster(int slots) {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setConfiguration(loopback())
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(slots)
        .build());
  }

  /** A configuration that binds every endpoint of a local cluster to loopback, on free ports. */
  static Configuration loopback() {
    Configuration config = new Configuration();
    config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    config.set(RestOptions.ADDRESS, "127.0.0.1");
    config.set(RestOptions.BIND_PORT, "0");
    config.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    config.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    config.set(TaskManagerOptions.HOST, "127.0.0.1");
    config.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    return config;
  }

  /** The scores a bundled model's reference run recorded on the Adult test rows ({@code expected_test.csv}), by id. */
  static Map<Long, Double> expectedScores(String model) throws IOException {
    Map<Long, Double> scores = new HashMap<>();
    List<String> lines = Files.readAllLines(modelPackage(model).resolve("expected_test.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(",");
      scores.put(Long.parseLong(parts[0]), Double.parseDouble(parts[2]));
    }
    return scores;
  }

  /** The Flink types of the features, as {@link #INPUT} declares them: STRING or INT. */
  static LogicalType[] featureTypes() {
    LogicalType[] types = new LogicalType[14];
    for (int f = 0; f < types.length; f++) {
      types[f] = TEXT_FEATURES.contains(f) ? VarCharType.STRING_TYPE : new IntType();
    }
    return types;
  }

  /**
   * The feature values of one line of the Adult test CSV as Java values, in feature order:
   * integers, strings, and null for an empty field.
   */
  static Object[] featureValues(String line) {
    String[] cells = line.split(",", -1);
    Object[] values = new Object[14];
    for (int f = 0; f < values.length; f++) {
      String cell = cells[f + 1];
      values[f] = cell.isEmpty() ? null : TEXT_FEATURES.contains(f) ? cell : (Object) Integer.valueOf(cell);
    }
    return values;
  }

  /**
   * Writes the first {@code rows} rows of the Adult test CSV, without its header line (Flink's CSV
   * format has no option to skip one), into directory {@code dir}/adult and returns that directory.
   */
  static Path csvDirectory(Path dir, int rows) throws IOException {
    List<String> lines = Files.readAllLines(testCsv());
    Path table = Files.createDirectories(dir.resolve("adult"));
    Files.write(table.resolve("adult_test.csv"), lines.subList(1, rows + 1));
    return table;
  }

  /** DDL of table {@code name} over the CSV files in {@code directory}; empty fields are NULL, as DuckDB reads them. */
  static String tableDdl(String name, Path directory) {
    return "CREATE TABLE " + name + " (id BIGINT, " + INPUT + ", income STRING, label INT) WITH ("
        + "'connector' = 'filesystem', 'path' = '" + directory + "', 'format' = 'csv', 'csv.null-literal' = '')";
  }

  /** DDL of Flink model {@code name} with OUTPUT {@code output} and sqlscore options {@code options} (without the provider). */
  static String modelDdl(String name, String output, String options) {
    return "CREATE MODEL " + name + " INPUT (" + INPUT + ") OUTPUT (" + output + ") WITH ('provider' = 'sqlscore', "
        + options + ")";
  }

  /** OUTPUT with a score and an explanation column. */
  static String scoreAndExplanation(String score, String explanation) {
    return score + " DOUBLE, " + explanation + " " + ExplanationRows.TYPE;
  }

  /** SELECT id and {@code outputs} of ML_PREDICT over {@code table} with {@code model}. */
  static String predict(String outputs, String table, String model) {
    return predict(outputs, table, model, "");
  }

  /** Like {@link #predict(String, String, String)}, with ML_PREDICT's config map entries {@code config}, e.g. {@code 'async', 'false'}. */
  static String predict(String outputs, String table, String model, String config) {
    return "SELECT id, " + outputs + " FROM ML_PREDICT(TABLE " + table + ", MODEL " + model + ", DESCRIPTOR("
        + FEATURES + ")" + (config.isEmpty() ? "" : ", MAP[" + config + "]") + ")";
  }
}
