package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.jdbc.SqlscoreConnection;
import io.sqlscore.planner.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training in SQL end to end over JDBC on a DuckDB file: CREATE MODEL ... AS on the raw Adult
 * columns, scoring and explaining the trained version with PREDICT and EXPLAIN_PREDICT, its
 * metrics and provenance, EXPORT MODEL and a re-import that scores bit for bit the same,
 * progress in sqlscore.training_runs seen from another connection, Statement.cancel(), and the
 * rows read from DuckDB on every pass when they exceed the memory budget.
 */
class TrainSqlJdbcTest {
  /** Small dimensions, so that an epoch over a few thousand rows takes a moment. */
  private static final String SMALL = "(nemb = 4, nhead = 2, nhid = 4, mlp_nhid = 16, deep_nhid = 16)";

  @TempDir Path dir;
  private Connection connection;
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlscore:" + dir.resolve("train.duckdb"));
    connection.unwrap(SqlscoreConnection.class).session().setTrainingListener(epoch -> progress.add(epoch.line()));
    Path adult = AdultDatabase.repo().resolve("sql-examples/data/adult");
    try (Statement s = connection.createStatement()) {
      for (String table : new String[] {"adult_train", "adult_test"}) {
        s.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv('" + adult.resolve(table + ".csv")
            + "', header = true, nullstr = '')");
      }
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory left after the test");
  }

  @Test
  void trainedVersionScoresExplainsExportsAndReimportsBitForBit() throws Exception {
    Map<String, Object> created = row("CREATE MODEL income USING armnet_plus " + SMALL
        + " AS SELECT * EXCLUDE (id, income) FROM adult_train WHERE id % 3 = 0"
        + " WITH (epochs = 3, patience = 2, batch_size = 256, seed = 7, alias = 'candidate',"
        + " test = 'SELECT * FROM adult_test WHERE id % 4 = 0')");
    assertEquals("created", created.get("status"));
    assertEquals(1L, created.get("version"));
    assertEquals("auc", created.get("metric"));
    int epochs = ((Number) created.get("epochs")).intValue();
    assertTrue((Double) created.get("validation_metric") > 0.8, created.toString());
    assertEquals(epochs, progress.size(), progress.toString());
    assertTrue(progress.get(0).startsWith("income: epoch 1/3  loss "), progress.get(0));

    List<Map<String, Object>> runs = rows("SELECT * FROM sqlscore.training_runs ORDER BY epoch");
    assertEquals(epochs, runs.size());
    for (Map<String, Object> run : runs) {
      assertEquals("finished", run.get("state"));
      assertEquals(1L, run.get("version"));
      assertNotNull(run.get("ended_at"));
      assertTrue(((String) run.get("detail")).contains("encoded in memory"), run.toString());
    }

    Map<String, String> training = describe("income", "training");
    assertEquals(String.valueOf(rows("SELECT count(*) AS n FROM adult_train WHERE id % 3 = 0").get(0).get("n")),
        training.get("rows"));
    assertEquals(64, training.get("content_sha256").length());
    assertTrue(Double.parseDouble(training.get("test_auc")) > 0.8, training.toString());
    assertEquals(String.valueOf(rows("SELECT count(*) AS n FROM adult_test WHERE id % 4 = 0").get(0).get("n")),
        training.get("test_rows"));
    assertEquals(14, describe("income", "global field").size());

    List<Map<String, Object>> scored = rows("SELECT id, PREDICT('income') AS p, EXPLAIN_PREDICT('income', 2) AS why "
        + "FROM adult_test ORDER BY id LIMIT 500");
    assertEquals(500, scored.size());
    for (Map<String, Object> r : scored) {
      double p = (Double) r.get("p");
      assertTrue(p > 0 && p < 1, r.toString());
      assertNotNull(r.get("why"));
    }

    Path zip = dir.resolve("exported/income.zip");
    Path folder = dir.resolve("exported/income");
    assertEquals(1L, row("EXPORT MODEL income@candidate TO '" + zip + "'").get("version"));
    row("EXPORT MODEL income@1 TO '" + folder + "'");
    assertTrue(Files.isRegularFile(folder.resolve("metrics.json")));
    SQLException again = assertThrows(SQLException.class, () -> row("EXPORT MODEL income TO '" + zip + "'"));
    assertTrue(again.getMessage().contains("does not overwrite"), again.getMessage());
    assertEquals("unchanged: the package is identical to version 1; nothing was imported",
        row("CREATE MODEL income FROM '" + zip + "'").get("status"));
    row("CREATE MODEL income_zip FROM '" + zip + "'");
    row("CREATE MODEL income_dir FROM '" + folder + "'");
    List<Map<String, Object>> compared = rows("SELECT PREDICT('income') AS a, PREDICT('income_zip') AS b, "
        + "PREDICT('income_dir') AS c FROM adult_test");
    assertEquals(16281, compared.size());
    for (Map<String, Object> r : compared) {
      long a = Double.doubleToRawLongBits((Double) r.get("a"));
      assertEquals(a, Double.doubleToRawLongBits((Double) r.get("b")), r.toString());
      assertEquals(a, Double.doubleToRawLongBits((Double) r.get("c")), r.toString());
    }
  }

  @Test
  void regressionOnBooleanAndSmallIntegerColumnsStreamedFromDuckDbIsReproducible() throws Exception {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE people AS SELECT id, age, sex = 'Male' AS male, education_num % 4 AS band, "
          + "workclass, hours_per_week FROM adult_train WHERE id < 3000");
    }
    String train = "CREATE MODEL hours USING autoint_plus (nemb = 4, attn_dims = [8], deep_nhid = 16)"
        + " AS SELECT age, male, band, workclass, hours_per_week FROM people"
        + " WITH (label = 'hours_per_week', epochs = 2, seed = 3, memory_budget = '10KB')";
    Map<String, Object> first = row(train);
    assertEquals("created", first.get("status"));
    assertEquals("rmse", first.get("metric"));
    Map<String, Object> run = rows("SELECT detail FROM sqlscore.training_runs LIMIT 1").get(0);
    assertTrue(((String) run.get("detail")).contains("read from DuckDB on every pass"), run.toString());
    assertEquals("regression", describe("hours", "model").get("task"));
    Map<String, String> features = describe("hours", "feature");
    assertTrue(features.get("2. male").startsWith("vocabulary of 2 values"), features.toString());
    assertTrue(features.get("3. band").startsWith("vocabulary of 4 values"), features.toString());
    assertTrue(features.get("1. age").startsWith("numeric"), features.toString());

    double predicted = (Double) rows("SELECT avg(PREDICT('hours', age, male, band, workclass)) AS m FROM people")
        .get(0).get("m");
    assertTrue(predicted > 20 && predicted < 60, "predictions on the label's scale: " + predicted);

    Map<String, Object> second = row(train);
    assertEquals("unchanged: the trained package is identical to version 1; nothing was stored", second.get("status"),
        "the same seed over the same rows trains the same model");
    assertEquals(List.of("finished"), column(rows("SELECT DISTINCT state FROM sqlscore.training_runs "
        + "WHERE run_id = 2"), "state"));
  }

  @Test
  void cancelStopsTrainingAtTheNextBatchAndCreatesNoVersion() throws Exception {
    Statement training = connection.createStatement();
    CompletableFuture<SQLException> outcome = CompletableFuture.supplyAsync(() -> {
      try {
        training.execute("CREATE MODEL slow USING armnet " + SMALL.replace(", deep_nhid = 16", "")
            + " AS SELECT * EXCLUDE (id, income) FROM adult_train WHERE id < 2000 WITH (epochs = 500, patience = 0)");
        return null;
      } catch (SQLException e) {
        return e;
      }
    });
    try (Connection watcher = DriverManager.getConnection("jdbc:sqlscore:" + dir.resolve("train.duckdb"));
        Statement s = watcher.createStatement()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      long epochs = 0;
      while (epochs == 0 && System.nanoTime() < deadline && !outcome.isDone()) {
        Thread.sleep(200);
        try (ResultSet rs = s.executeQuery("SELECT count(epoch) FROM sqlscore.training_runs WHERE state = 'running'")) {
          rs.next();
          epochs = rs.getLong(1);
        } catch (SQLException noRegistryYet) {
          // The registry tables appear when the run starts.
        }
      }
      assertTrue(epochs > 0, "another connection sees the running epochs");
      training.cancel();
      SQLException e = outcome.get(300, TimeUnit.SECONDS);
      assertNotNull(e, "the cancelled statement fails");
      assertEquals("57014", e.getSQLState());
      assertTrue(e.getMessage().contains("no version was created"), e.getMessage());
      try (ResultSet rs = s.executeQuery("SELECT count(*), min(state), max(state), count(ended_at) "
          + "FROM sqlscore.training_runs")) {
        rs.next();
        assertEquals("cancelled", rs.getString(2));
        assertEquals("cancelled", rs.getString(3));
        assertEquals(rs.getLong(1), rs.getLong(4));
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlscore.model_versions")) {
        rs.next();
        assertEquals(0, rs.getLong(1));
      }
    } finally {
      training.close();
    }
    assertFalse(progress.isEmpty());
  }

  @Test
  void trainingInsideATransactionReadsItsChangesAndRollsBackWithIt() throws Exception {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE recent AS SELECT * EXCLUDE (id, income) FROM adult_train WHERE id < 600");
    }
    assertEquals("created", row("CREATE MODEL draft USING autoint (nemb = 4, attn_dims = [8]) AS SELECT * FROM recent"
        + " WITH (epochs = 1)").get("status"));
    assertEquals(1L, row("SELECT count(*) AS n FROM sqlscore.training_runs WHERE state = 'finished'").get("n"));
    connection.rollback();
    connection.setAutoCommit(true);
    assertTrue(rows("SHOW MODELS").isEmpty(), "the rolled back transaction took its version with it");
  }

  private Map<String, Object> row(String sql) throws SQLException {
    List<Map<String, Object>> rows = rows(sql);
    assertEquals(1, rows.size(), sql);
    return rows.get(0);
  }

  private List<Map<String, Object>> rows(String sql) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, Object> row = new HashMap<>();
        for (int c = 1; c <= columns; c++) {
          row.put(rs.getMetaData().getColumnLabel(c), rs.getObject(c));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The name/value lines of one section of DESCRIBE MODEL. */
  private Map<String, String> describe(String model, String section) throws SQLException {
    Map<String, String> lines = new HashMap<>();
    for (Map<String, Object> r : rows("DESCRIBE MODEL " + model)) {
      if (section.equals(r.get("section"))) {
        lines.put((String) r.get("name"), (String) r.get("value"));
      }
    }
    return lines;
  }

  private static List<Object> column(List<Map<String, Object>> rows, String name) {
    List<Object> values = new ArrayList<>();
    rows.forEach(r -> values.add(r.get(name)));
    return values;
  }
}
