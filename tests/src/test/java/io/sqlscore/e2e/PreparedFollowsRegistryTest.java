package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.planner.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prepared statement resolves its model references and tables at every execution: it
 * follows an alias that moved and a new latest version, names a pinned version that was
 * dropped, and re-plans (or says to prepare again) after the scored table changed.
 */
class PreparedFollowsRegistryTest {
  private static final String AVERAGE = "SELECT avg(PREDICT('%s')) FROM adult_test WHERE id < 300";

  @TempDir Path dir;
  private String url;
  private Connection connection;
  private Connection other;

  @BeforeEach
  void open() throws SQLException {
    url = "jdbc:sqlscore:" + dir.resolve("prepared.duckdb");
    connection = DriverManager.getConnection(url);
    other = DriverManager.getConnection(url);
    AdultDatabase.load(connection);
    Path models = AdultDatabase.repo().resolve("sql-examples/models");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE MODEL m FROM '" + models.resolve("adult-autoint_plus") + "' WITH (alias = 'prod')");
      s.execute("CREATE MODEL m FROM '" + models.resolve("adult-armnet_plus") + "'");
    }
  }

  @AfterEach
  void close() throws SQLException {
    other.close();
    connection.close();
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory left after the test");
  }

  @Test
  void anAliasMovedOnAnotherConnectionIsFollowedAtTheNextExecute() throws Exception {
    double v1 = single(String.format(AVERAGE, "m@1"));
    double v2 = single(String.format(AVERAGE, "m@2"));
    assertNotEquals(v1, v2, 1e-6);
    try (PreparedStatement ps = connection.prepareStatement(String.format(AVERAGE, "m@prod"))) {
      assertEquals(v1, single(ps), 1e-12);
      execute(other, "ALTER MODEL m SET ALIAS prod = 2");
      assertEquals(v2, single(ps), 1e-12, "prod now names version 2");
      assertEquals(v2, single(ps), 1e-12);
    }
  }

  @Test
  void latestFollowsANewVersion() throws Exception {
    try (PreparedStatement ps = connection.prepareStatement(String.format(AVERAGE, "m"))) {
      assertEquals(single(String.format(AVERAGE, "m@2")), single(ps), 1e-12);
      execute(other, "CREATE MODEL m FROM '" + PackageVariants.variant(PackageVariants.adultAutoInt(), dir, "3") + "'");
      assertEquals(single(String.format(AVERAGE, "m@3")), single(ps), 1e-12, "latest is version 3 now");
    }
  }

  @Test
  void aDroppedPinnedVersionIsNamedInTheError() throws Exception {
    try (PreparedStatement ps = connection.prepareStatement(String.format(AVERAGE, "m@2"))) {
      single(ps);
      execute(other, "DROP MODEL m VERSION 2");
      SQLException e = assertThrows(SQLException.class, ps::executeQuery);
      assertEquals("42704", e.getSQLState());
      assertTrue(e.getMessage().startsWith("VERSION_NOT_FOUND: m@2 does not exist: model 'm' has no version 2"),
          e.getMessage());
      assertTrue(e.getMessage().contains("prepare it again"), e.getMessage());
    }
  }

  @Test
  void aTableWhoseColumnsChangedIsPlannedAgainOrRefusedWithAClearError() throws Exception {
    execute(connection, "CREATE TABLE scored AS SELECT * FROM adult_test WHERE id < 50");
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT *, PREDICT('adult') AS p FROM scored ORDER BY id")) {
      int before = columns(ps);
      execute(other, "ALTER TABLE scored ADD COLUMN note VARCHAR DEFAULT 'new'");
      try (ResultSet rs = ps.executeQuery()) {
        assertEquals(before + 1, rs.getMetaData().getColumnCount(), "SELECT * sees the added column");
        assertTrue(rs.next());
        assertEquals("new", rs.getString("note"));
      }
      execute(other, "ALTER TABLE scored DROP COLUMN hours_per_week");
      SQLException e = assertThrows(SQLException.class, ps::executeQuery);
      assertTrue(e.getMessage().contains("hours_per_week"), e.getMessage());
      assertTrue(e.getMessage().contains("prepare it again"), e.getMessage());
    }
  }

  private int columns(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.getMetaData().getColumnCount();
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private double single(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  private static double single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getDouble(1);
    }
  }
}
