package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.planner.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring and model DDL with auto-commit off: inside explicit transactions, committed or rolled back. */
class TransactionsTest {
  @TempDir Path dir;
  private String url;
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:sqlscore:" + dir.resolve("tx.duckdb");
    connection = DriverManager.getConnection(url);
    AdultDatabase.load(connection);
    connection.setAutoCommit(false);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory left after the test");
    assertEquals(0, Engine.get().openScanConnections());
  }

  @Test
  void predictAndExplainRunInsideATransaction() throws SQLException {
    try (Statement s = connection.createStatement()) {
      double autoCommitted;
      try (Connection plain = DriverManager.getConnection(url); Statement p = plain.createStatement()) {
        autoCommitted = single(p, "SELECT avg(PREDICT('adult')) FROM adult_test");
      }
      assertEquals(autoCommitted, single(s, "SELECT avg(PREDICT('adult')) FROM adult_test"), 1e-12);
      try (ResultSet rs = s.executeQuery(
          "SELECT id, EXPLAIN_PREDICT('adult', 2).importance[1].field AS top FROM adult_test WHERE id < 10")) {
        int rows = 0;
        while (rs.next()) {
          assertTrue(rs.getString("top") != null);
          rows++;
        }
        assertEquals(10, rows);
      }
      connection.commit();
    }
  }

  @Test
  void aScoredTableCreatedInARolledBackTransactionIsGone() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE scored AS SELECT id, PREDICT('adult') AS p FROM adult_test");
      assertEquals(16281, single(s, "SELECT count(*) FROM scored"), "visible inside the transaction");
      connection.rollback();
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT count(*) FROM scored"));
      assertEquals("42P01", e.getSQLState());
    }
  }

  @Test
  void aTableCreatedEarlierInTheOpenTransactionCanBeScored() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE fresh AS SELECT * FROM adult_test WHERE id < 1000");
      assertEquals(single(s, "SELECT avg(PREDICT('adult')) FROM adult_test WHERE id < 1000"),
          single(s, "SELECT avg(PREDICT('adult')) FROM fresh"), 1e-12);
      s.execute("INSERT INTO fresh SELECT * FROM adult_test WHERE id >= 1000 AND id < 1500");
      assertEquals(1500, single(s, "SELECT count(PREDICT('adult')) FROM fresh"), "uncommitted rows are scored");
      connection.commit();
    }
  }

  @Test
  void aModelCreatedInARolledBackTransactionLeavesNoVersion() throws SQLException {
    Path models = AdultDatabase.repo().resolve("sql-examples/models");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE MODEL rolled FROM '" + models.resolve("adult-autoint_plus") + "'");
      s.execute("ALTER MODEL adult SET ALIAS prod = 1");
      assertEquals(16281, single(s, "SELECT count(PREDICT('rolled')) FROM adult_test"),
          "the new model scores inside its transaction");
      connection.rollback();
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT PREDICT('rolled') FROM adult_test"));
      assertEquals("42704", e.getSQLState());
      assertEquals(0, single(s, "SELECT count(*) FROM sqlscore.model_versions WHERE model = 'rolled'"));
      assertEquals(0, single(s, "SELECT count(*) FROM sqlscore.model_aliases"));
      assertEquals(0, single(s, "SELECT count(*) FROM sqlscore.model_events WHERE model = 'rolled'"));
      connection.commit();
    }
    try (Connection plain = DriverManager.getConnection(url); Statement p = plain.createStatement()) {
      assertEquals(2, single(p, "SELECT count(*) FROM sqlscore.model_versions"), "adult and income only");
    }
  }

  @Test
  void aVersionDropAndAnAliasToThatVersionInTwoTransactionsCannotBothCommit() throws SQLException {
    Path models = AdultDatabase.repo().resolve("sql-examples/models");
    connection.commit();
    try (Connection other = DriverManager.getConnection(url);
        Statement o = other.createStatement();
        Statement s = connection.createStatement()) {
      o.execute("CREATE MODEL adult FROM '" + models.resolve("adult-autoint_plus") + "'");
      other.setAutoCommit(false);
      s.execute("DROP MODEL adult VERSION 2");
      // Each passes its own check on its own snapshot (version 2 has no alias; version 2 exists):
      // committed together they would leave alias prod naming a dropped version.
      SQLException e = assertThrows(SQLException.class, () -> o.execute("ALTER MODEL adult SET ALIAS prod = 2"));
      assertEquals("40001", e.getSQLState(), e.getMessage());
      other.rollback();
      connection.commit();
      assertEquals(0, single(s, "SELECT count(*) FROM sqlscore.model_aliases a "
          + "ANTI JOIN sqlscore.model_versions v ON v.model = a.model AND v.version = a.version"),
          "no alias names a dropped version");
      connection.commit();
    }
  }

  private static double single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
    }
  }
}
