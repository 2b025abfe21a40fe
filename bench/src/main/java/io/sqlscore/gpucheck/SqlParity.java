package io.sqlscore.gpucheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.bench.FrappeTable;
import io.sqlscore.jdbc.SqlscoreDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL path on two devices: {@code SqlParity <repo> <shared> [--rows N] [--explain-rows M]
 * [--devices gpu,cpu] [--threads T]}. For Frappe ARM-Net+ (when {@code <shared>} has it), Adult
 * ARM-Net+ and Adult AutoInt+, scores N rows (the test rows repeated, each with a row id) with
 * {@code CREATE TABLE AS SELECT rid, PREDICT(...)} and explains the first M with
 * {@code EXPLAIN_PREDICT(..., 3)}, once per device, and compares the two tables in DuckDB. Prints
 * one {@code sql_parity} and one {@code explain_parity} line per model: the largest score
 * difference (which must be within 1e-5, the GPU's parity bar) and, for explanations, how many
 * rows are bitwise identical, how many have the same cross features (fields, order, support
 * order, in rank order) and the same importance ranking, and the largest weight differences.
 * ARM-Net explanations on the GPU are meant to be bitwise the CPU's (the gates are); AutoInt's
 * come from attention maps that agree only within the tolerance. Exits 1 when a score or an
 * ARM-Net explanation differs beyond that.
 */
public final class SqlParity {
  /** The GPU's parity bar on scores against the CPU. */
  static final double SCORE_BAR = 1e-5;

  private final Path repo;
  private final Path shared;
  private long rows = 1_000_000;
  private long explainRows = 100_000;
  private String[] devices = {"gpu", "cpu"};
  private int threads = Runtime.getRuntime().availableProcessors();

  private SqlParity(String[] args) {
    this.repo = Path.of(args[0]);
    this.shared = Path.of(args[1]);
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--rows":
          rows = Long.parseLong(args[++i]);
          break;
        case "--explain-rows":
          explainRows = Long.parseLong(args[++i]);
          break;
        case "--devices":
          devices = args[++i].split(",");
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
  }

  /** Runs the comparison; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    System.exit(new SqlParity(args).run() ? 0 : 1);
  }

  private boolean run() throws Exception {
    Path file = Files.createTempFile("sqlscore-sql-parity-", ".duckdb");
    Files.deleteIfExists(file);
    boolean pass = true;
    try (Connection connection = DriverManager.getConnection(SqlscoreDriver.PREFIX + file);
        Statement s = connection.createStatement()) {
      s.execute("SET scoring_threads = " + threads);
      Path frappe = shared.resolve("data/frappe/test.libsvm");
      if (Files.isRegularFile(frappe)) {
        s.execute(FrappeTable.sql("frappe_base", frappe));
        pass &= compare(s, "frappe", "frappe_base", shared.resolve("models/frappe-armnet_plus"), true);
      } else {
        ObjectNode skipped = Json.line("sql_parity");
        skipped.put("data", "frappe");
        skipped.put("skipped", "no Frappe rows at " + frappe);
        Json.print(skipped);
      }
      s.execute("CREATE TABLE adult_base AS SELECT * FROM read_csv('"
          + repo.resolve("sql-examples/data/adult/adult_test.csv") + "', header = true, nullstr = '')");
      pass &= compare(s, "adult", "adult_base", repo.resolve("sql-examples/models/adult-armnet_plus"), true);
      pass &= compare(s, "adult", "adult_base", repo.resolve("sql-examples/models/adult-autoint_plus"), false);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(Path.of(file + ".wal"));
    }
    return pass;
  }

  /** Scores and explains {@code base}'s rows repeated on both devices with the package in {@code dir}. */
  private boolean compare(Statement s, String data, String base, Path dir, boolean exactExplanations)
      throws SQLException {
    String model = dir.getFileName().toString().replace('-', '_');
    s.execute("CREATE MODEL " + model + " FROM '" + dir + "'");
    long baseRows = count(s, "SELECT count(*) FROM " + base);
    s.execute("CREATE OR REPLACE TABLE parity_rows AS SELECT row_number() OVER () AS rid, * FROM " + base
        + ", range(" + ((rows + baseRows - 1) / baseRows) + ") t(copy) LIMIT " + rows);
    List<String> scored = new ArrayList<>();
    List<String> explained = new ArrayList<>();
    for (String device : devices) {
      String suffix = "_" + scored.size();
      s.execute("SET device = '" + device + "'");
      s.execute("CREATE OR REPLACE TABLE scored" + suffix + " AS SELECT rid, PREDICT('" + model + "') AS p FROM parity_rows");
      s.execute("CREATE OR REPLACE TABLE explained" + suffix + " AS SELECT rid, EXPLAIN_PREDICT('" + model
          + "', 3) AS why FROM parity_rows WHERE rid <= " + explainRows);
      scored.add("scored" + suffix);
      explained.add("explained" + suffix);
    }
    s.execute("SET device = 'auto'");
    ObjectNode scores = Json.line("sql_parity");
    scores.put("data", data);
    scores.put("model", model);
    scores.put("devices", String.join(" vs ", devices));
    try (ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE a.p = b.p), max(abs(a.p - b.p)), "
        + "(SELECT count(*) FROM " + scored.get(0) + "), (SELECT count(*) FROM " + scored.get(1) + ") FROM "
        + scored.get(0) + " a JOIN " + scored.get(1) + " b USING (rid)")) {
      r.next();
      scores.put("rows", r.getLong(1));
      scores.put("identical", r.getLong(2));
      scores.put("max_abs_score_diff", r.getDouble(3));
      boolean pass = r.getLong(1) == rows && r.getLong(4) == rows && r.getLong(5) == rows
          && r.getDouble(3) <= SCORE_BAR;
      scores.put("pass", pass);
      Json.print(scores);
      return explanations(s, data, model, explained, exactExplanations) && pass;
    }
  }

  private boolean explanations(Statement s, String data, String model, List<String> tables, boolean exact)
      throws SQLException {
    String crosses = "list_transform(%s.why.crosses, lambda x: {'f': x.fields, 'o': x.\"order\", 's': x.support_order})";
    String ranking = "list_transform(%s.why.importance, lambda x: x.field)";
    String sql = String.format(Locale.ROOT, "SELECT count(*), "
        + "count(*) FILTER (WHERE a.why.crosses = b.why.crosses AND a.why.importance = b.why.importance), "
        + "count(*) FILTER (WHERE %s = %s), count(*) FILTER (WHERE %s = %s), "
        + "max(list_max(list_transform(range(1, len(a.why.crosses) + 1), "
        + "lambda i: abs(a.why.crosses[i].weight - b.why.crosses[i].weight)))), "
        + "max(list_max(list_transform(range(1, len(a.why.importance) + 1), "
        + "lambda i: abs(a.why.importance[i].weight - b.why.importance[i].weight)))), "
        + "max(abs(a.why.score - b.why.score)) FROM %s a JOIN %s b USING (rid)",
        String.format(crosses, "a"), String.format(crosses, "b"), String.format(ranking, "a"),
        String.format(ranking, "b"), tables.get(0), tables.get(1));
    ObjectNode line = Json.line("explain_parity");
    line.put("data", data);
    line.put("model", model);
    line.put("devices", String.join(" vs ", devices));
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      long compared = r.getLong(1);
      line.put("rows", compared);
      line.put("identical", r.getLong(2));
      line.put("same_cross_features", r.getLong(3));
      line.put("same_importance_ranking", r.getLong(4));
      line.put("max_abs_cross_weight_diff", r.getDouble(5));
      line.put("max_abs_importance_diff", r.getDouble(6));
      line.put("max_abs_score_diff", r.getDouble(7));
      line.put("expected", exact ? "identical (bitwise gates)" : "within tolerance (attention maps)");
      boolean pass = compared == Math.min(explainRows, rows) && (exact
          ? r.getLong(2) == compared
          : r.getDouble(5) <= SCORE_BAR && r.getDouble(6) <= SCORE_BAR);
      line.put("pass", pass && r.getDouble(7) <= SCORE_BAR);
      Json.print(line);
      return line.get("pass").asBoolean();
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
