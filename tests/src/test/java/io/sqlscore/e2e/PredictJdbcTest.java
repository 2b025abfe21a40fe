package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.sqlscore.planner.engine.Engine;
import io.sqlscore.udf.Backends;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PREDICT through JDBC on a real DuckDB file: parameters, data errors, cancel, timeouts, pinning.
 * Cancel and timeout tests assert what a loaded machine cannot break: the statement stopped
 * before scoring all its rows, and freed everything; wall-clock deadlines only detect hangs.
 */
class PredictJdbcTest {
  /** A deadline only a hang can miss, whatever the machine's load. */
  private static final long HANG_SECONDS = 300;

  @TempDir Path dir;
  private String url;
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:sqlscore:" + dir.resolve("adult.duckdb");
    connection = DriverManager.getConnection(url);
    AdultDatabase.load(connection);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory left after the test");
  }

  @Test
  void parametersFeedFeaturesAndFilters() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT id, PREDICT('adult', ?, workclass, fnlwgt, education, education_num, marital_status, "
            + "occupation, relationship, race, sex, capital_gain, capital_loss, hours_per_week, native_country) AS p "
            + "FROM adult_test WHERE id < ? ORDER BY id")) {
      assertEquals(2, ps.getParameterMetaData().getParameterCount());
      ps.setInt(1, 30);
      ps.setInt(2, 3);
      double[] young = scores(ps.executeQuery());
      ps.setInt(1, 60);
      double[] old = scores(ps.executeQuery());
      assertEquals(3, young.length);
      for (int i = 0; i < 3; i++) {
        assertTrue(old[i] != young[i], "age changes the score");
      }
    }
  }

  @Test
  void enumColumnsPassThroughAScoringQueryUnchangedBesideExplanations() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TYPE sector AS ENUM ('Private', 'Self-emp-not-inc', 'Self-emp-inc', 'Federal-gov', "
          + "'Local-gov', 'State-gov', 'Without-pay', 'Never-worked')");
      s.execute("CREATE TABLE typed AS SELECT *, CAST(workclass AS sector) AS sector FROM adult_test");
      int rows = 0;
      int named = 0;
      List<String> features = List.of("age", "workclass", "fnlwgt", "education", "education_num", "marital_status",
          "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss", "hours_per_week",
          "native_country");
      try (ResultSet rs = s.executeQuery("SELECT e.id, e.workclass, e.sector, e.why.importance[1].field AS top "
          + "FROM (SELECT id, workclass, sector, PREDICT('adult') AS p, EXPLAIN_PREDICT('adult', 2) AS why "
          + "FROM typed) e")) {
        while (rs.next()) {
          assertEquals(rs.getString("workclass"), rs.getString("sector"), "row " + rs.getLong("id"));
          assertTrue(features.contains(rs.getString("top")), rs.getString("top"));
          rows++;
          named += rs.getString("sector") == null ? 0 : 1;
        }
      }
      assertEquals(16281, rows);
      assertTrue(named > 15000, "most rows have a sector");
    }
  }

  @Test
  void badFeatureValuesNameTheColumnAndRow() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE odd AS SELECT * REPLACE (CAST(age AS DOUBLE) AS age) FROM adult_test WHERE id < 10");
      s.execute("UPDATE odd SET age = 'NaN'::DOUBLE WHERE id = 7");
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT id, PREDICT('adult') FROM odd ORDER BY id"));
      assertEquals("22000", e.getSQLState());
      assertTrue(e.getMessage().contains("BAD_FEATURE_VALUE"), e.getMessage());
      assertTrue(e.getMessage().contains("age"), e.getMessage());
      assertTrue(e.getMessage().contains("adult@1"), e.getMessage());
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM odd")) {
        assertTrue(rs.next(), "the connection stays usable");
      }
    }
  }

  @Test
  void cancelStopsAScoringQueryBeforeItFinishesAndFreesItsResources() throws Exception {
    long total = 16281L * 615;
    AdultDatabase.repeat(connection, "big", 615);
    try (Statement s = connection.createStatement()) {
      ExecutorService pool = Executors.newSingleThreadExecutor();
      long before = Engine.get().rowsScored();
      Future<SQLException> running = pool.submit(() -> {
        try (ResultSet rs = s.executeQuery("SELECT avg(PREDICT('adult')) FROM big")) {
          return new SQLException("the query finished before it was cancelled: " + rs.next());
        } catch (SQLException e) {
          return e;
        }
      });
      awaitScoring(before, running);
      s.cancel();
      // Generous: only a hang can break it; the assertion that matters is rows scored < total.
      SQLException e = running.get(HANG_SECONDS, TimeUnit.SECONDS);
      pool.shutdown();
      assertTrue(e != null && "57014".equals(e.getSQLState()), "cancelled: " + e);
      long scored = Engine.get().rowsScored() - before;
      assertTrue(scored < total, "stopped after " + scored + " of " + total + " rows");
    }
    assertResourcesFreed();
  }

  @Test
  void queryTimeoutStopsScoringBeforeItFinishesAndFreesItsResources() throws Exception {
    long total = 16281L * 2000;
    AdultDatabase.repeat(connection, "huge", 2000);
    try (Statement s = connection.createStatement()) {
      s.setQueryTimeout(1);
      long before = Engine.get().rowsScored();
      SQLTimeoutException e = assertThrows(SQLTimeoutException.class,
          () -> s.executeQuery("SELECT avg(PREDICT('adult')) FROM huge"));
      assertEquals("57014", e.getSQLState());
      long scored = Engine.get().rowsScored() - before;
      assertTrue(scored < total, "stopped after " + scored + " of " + total + " rows");
    }
    assertResourcesFreed();
  }

  /** Waits (up to the hang deadline) until the statement of {@code running} has scored a batch. */
  private static void awaitScoring(long before, Future<?> running) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
    while (Engine.get().rowsScored() == before) {
      assertFalse(running.isDone(), "the statement ended before scoring a batch");
      assertTrue(System.nanoTime() < deadline, "scoring did not start within " + HANG_SECONDS + " s");
      Thread.sleep(10);
    }
  }

  private void assertResourcesFreed() throws SQLException {
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory is freed");
    assertEquals(0, Engine.get().openScanConnections(), "scan connections are closed");
    assertEquals(0, Engine.get().models().leasesHeld(), "model leases are released");
    assertEquals(0, streamViews(), "stream views are dropped");
  }

  @Test
  void aQueryKeepsTheVersionItWasPlannedWithWhileTheAliasMoves() throws Exception {
    long total = 16281L * 20;
    AdultDatabase.repeat(connection, "big", 20);
    Path models = AdultDatabase.repo().resolve("sql-examples/models");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE MODEL pinned FROM '" + models.resolve("adult-autoint_plus") + "' WITH (alias = 'prod')");
      s.execute("CREATE MODEL pinned FROM '" + models.resolve("adult-armnet_plus") + "'");
      s.execute("SET batch_size = 256");
      s.execute("SET scoring_threads = 1");
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    long before = Engine.get().rowsScored();
    Future<Double> running = pool.submit(() -> {
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT avg(PREDICT('pinned@prod')) FROM big")) {
        rs.next();
        return rs.getDouble(1);
      }
    });
    awaitScoring(before, running);
    try (Connection other = DriverManager.getConnection(url);
        Statement s = other.createStatement()) {
      s.execute("ALTER MODEL pinned SET ALIAS prod = 2");
    }
    long scoredWhenMoved = Engine.get().rowsScored() - before;
    double during = running.get(HANG_SECONDS, TimeUnit.SECONDS);
    pool.shutdown();
    assertTrue(scoredWhenMoved < total, "the alias moved while the query ran (" + scoredWhenMoved + " of "
        + total + " rows scored)");
    try (Statement s = connection.createStatement()) {
      s.execute("SET scoring_threads = 2");
      assertEquals(single(s, "SELECT avg(PREDICT('pinned@1')) FROM big"), during, 1e-9, "planned with version 1");
      double v1 = single(s, "SELECT avg(PREDICT('pinned@1')) FROM adult_test WHERE id < 500");
      double v2 = single(s, "SELECT avg(PREDICT('pinned@prod')) FROM adult_test WHERE id < 500");
      assertTrue(Math.abs(v2 - v1) > 1e-5, "the alias now names version 2, which scores differently");
    }
  }

  @Test
  void theGpuDeviceWithoutAGpuIsAPlanTimeError() throws SQLException {
    assumeFalse(Backends.available().stream().anyMatch(b -> b.name().equals("gpu") && b.isAvailable()),
        "a GPU can be used here");
    try (Statement s = connection.createStatement()) {
      s.execute("SET device = 'gpu'");
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT PREDICT('adult') FROM adult_test"));
      assertEquals("55000", e.getSQLState());
      assertTrue(e.getMessage().startsWith("GPU_UNAVAILABLE"), e.getMessage());
      s.execute("SET device = 'auto'");
      assertEquals(16281, single(s, "SELECT count(PREDICT('adult')) FROM adult_test"));
      assertTrue(plan(s, "SELECT PREDICT('adult') FROM adult_test").contains("device=auto -> cpu,"),
          "EXPLAIN says that auto fell back to the CPU");
    }
  }

  @Test
  void theDeviceConnectionPropertyChoosesTheBackend() throws SQLException {
    boolean gpu = Backends.byName("gpu").isAvailable();
    Properties cpu = new Properties();
    cpu.setProperty("device", "cpu");
    try (Connection c = DriverManager.getConnection(url, cpu); Statement s = c.createStatement()) {
      assertTrue(plan(s, "SELECT PREDICT('adult') FROM adult_test").contains("device=cpu,"));
      assertEquals(16281, single(s, "SELECT count(PREDICT('adult')) FROM adult_test"));
    }
    Properties auto = new Properties();
    auto.setProperty("DEVICE", "Auto");
    try (Connection c = DriverManager.getConnection(url, auto); Statement s = c.createStatement()) {
      assertTrue(plan(s, "SELECT PREDICT('adult') FROM adult_test").contains(gpu ? "device=auto -> gpu," : "device=auto -> cpu,"));
    }
    Properties wanted = new Properties();
    wanted.setProperty("device", "gpu");
    try (Connection c = DriverManager.getConnection(url, wanted); Statement s = c.createStatement()) {
      if (gpu) {
        assertTrue(plan(s, "SELECT PREDICT('adult') FROM adult_test").contains("device=gpu,"));
      } else {
        SQLException e = assertThrows(SQLException.class, () -> plan(s, "SELECT PREDICT('adult') FROM adult_test"));
        assertEquals("55000", e.getSQLState());
        assertTrue(e.getMessage().startsWith("GPU_UNAVAILABLE: device 'gpu' was requested but no GPU can be used here ("
            + Backends.byName("gpu").unavailableReason() + ")"), e.getMessage());
      }
    }
    Properties bad = new Properties();
    bad.setProperty("device", "tpu");
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, bad));
    assertTrue(e.getMessage().startsWith("INVALID_SETTING: device must be 'auto', 'cpu' or 'gpu', not 'tpu'"),
        e.getMessage());
  }

  private static String plan(Statement s, String sql) throws SQLException {
    StringBuilder text = new StringBuilder();
    try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        text.append(rs.getString(1)).append('\n');
      }
    }
    return text.toString();
  }

  private long streamViews() throws SQLException {
    try (Statement s = connection.createStatement()) {
      return (long) single(s, "SELECT count(*) FROM duckdb_views() WHERE view_name LIKE '__sqlscore_stream_%'");
    }
  }

  private static double single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  private static double[] scores(ResultSet rs) throws SQLException {
    try (rs) {
      java.util.List<Double> values = new java.util.ArrayList<>();
      while (rs.next()) {
        values.add(rs.getDouble("p"));
      }
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
  }
}
