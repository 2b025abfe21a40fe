package io.sqlscore.cli.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.cli.progress.ProgressReporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test data and helpers for the score command: Adult rows as Parquet, runs of the command, scores read back. */
final class ScoreFixture {
  private ScoreFixture() {}

  /** The repository root. */
  static Path repo() {
    return Path.of(System.getProperty("sqlscore.repo", "..")).toAbsolutePath().normalize();
  }

  /** The bundled Adult test CSV (16,281 rows with an id). */
  static Path adultCsv() {
    return repo().resolve("sql-examples/data/adult/adult_test.csv");
  }

  /** The bundled AutoInt+ package (the faster of the two Adult models). */
  static Path autoInt() {
    return repo().resolve("sql-examples/models/adult-autoint_plus");
  }

  /** The bundled ARM-Net+ package. */
  static Path armNet() {
    return repo().resolve("sql-examples/models/adult-armnet_plus");
  }

  /** A copy of the AutoInt+ package in {@code folder} whose feature {@code age} has the NULL policy {@code error}. */
  static Path strictPackage(Path folder) throws Exception {
    Files.createDirectories(folder);
    Files.copy(autoInt().resolve("weights.safetensors"), folder.resolve("weights.safetensors"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = (ObjectNode) json.readTree(autoInt().resolve("config.json").toFile());
    ((ObjectNode) config.get("features").get(0)).put("null", "error");
    json.writeValue(folder.resolve("config.json").toFile(), config);
    return folder;
  }

  /** SQL of the Adult test rows repeated {@code copies} times, ids kept unique. */
  static String adultRows(int copies) {
    return "SELECT * EXCLUDE (r) REPLACE (id + r * 100000 AS id) FROM read_csv('" + adultCsv()
        + "', header = true, nullstr = '')"
        + ", range(" + copies + ") t(r)";
  }

  /** Writes {@code sql}'s rows as Parquet files in {@code folder}, cut into {@code files} files by id (in id order). */
  static void writeParquet(Path folder, String sql, int files) throws Exception {
    Files.createDirectories(folder);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE rows AS SELECT *, ntile(" + files + ") OVER (ORDER BY id) AS part FROM (" + sql + ")");
      for (int f = 1; f <= files; f++) {
        s.execute("COPY (SELECT * EXCLUDE (part) FROM rows WHERE part = " + f + " ORDER BY id) TO '"
            + folder.resolve(String.format("events-%02d.parquet", f)) + "' (FORMAT parquet)");
      }
    }
  }

  /**
   * What a run printed and returned.
   *
   * @param code the exit code
   * @param out standard output
   * @param err standard error
   */
  record Run(int code, String out, String err) {}

  /** Runs {@code sqlscore score} in this JVM with plain progress lines every {@code everyMillis}. */
  static Run score(long everyMillis, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new ScoreCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), ProgressReporter.Style.PLAIN,
        Duration.ofMillis(everyMillis)).run(null, List.of(args));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code sqlscore score} in this JVM, progress lines every 10 s (none in a short test). */
  static Run score(String... args) {
    return score(10_000, args);
  }

  /** id to score over the rows of {@code relation} (a DuckDB relation), checking that no id repeats. */
  static Map<Long, Double> scores(String relation) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      return scores(s, "SELECT id, score FROM " + relation);
    }
  }

  /** id to score of PREDICT({@code model} package) over the rows of {@code relation}, through the JDBC driver. */
  static Map<Long, Double> predicted(Path model, String relation) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore::memory:"); Statement s = c.createStatement()) {
      s.execute("CREATE MODEL m FROM '" + model + "'");
      s.execute("CREATE TABLE t AS SELECT * FROM " + relation);
      return scores(s, "SELECT id, PREDICT('m') AS score FROM t");
    }
  }

  /** id to score of the query's rows (id, score), failing on a repeated id. */
  static Map<Long, Double> scores(Statement s, String sql) throws SQLException {
    Map<Long, Double> scores = new HashMap<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        Double previous = scores.put(rs.getLong(1), rs.getDouble(2));
        assertEquals(null, previous, "id " + rs.getLong(1) + " appears more than once");
      }
    }
    return scores;
  }

  /** The one number {@code sql} returns, by plain DuckDB. */
  static long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      return count(s, sql);
    }
  }

  /** The one number {@code sql} returns on {@code s}. */
  static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The file names in {@code folder}, sorted. */
  static List<String> names(Path folder) throws Exception {
    try (var entries = Files.list(folder)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
