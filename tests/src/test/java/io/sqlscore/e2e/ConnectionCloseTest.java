package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a connection closes its statements and their result sets, read half-way included:
 * the scan connections, Arrow memory and model leases of large scoring results are released.
 */
class ConnectionCloseTest {
  @TempDir Path dir;

  @Test
  void closingTheConnectionMidStreamReleasesEverything() throws Exception {
    String url = "jdbc:sqlscore:" + dir.resolve("close.duckdb");
    try (Connection setup = DriverManager.getConnection(url)) {
      AdultDatabase.load(setup);
    }
    Connection connection = DriverManager.getConnection(url);
    Statement plain = connection.createStatement();
    PreparedStatement prepared = connection.prepareStatement(
        "SELECT id, PREDICT('income') AS p, EXPLAIN_PREDICT('income', 2) AS why FROM adult_test WHERE id > ?");
    prepared.setLong(1, -1);
    ResultSet first = plain.executeQuery("SELECT id, PREDICT('adult') AS p FROM adult_test");
    ResultSet second = prepared.executeQuery();
    int read = 0;
    for (int i = 0; i < 2000 && first.next() && second.next(); i++) {
      read++;
    }
    assertEquals(2000, read, "both results stream");
    assertTrue(Engine.get().openScanConnections() >= 2, "the two results read their input on scan connections");
    assertTrue(Engine.get().models().leasesHeld() >= 2, "the two results hold their models");

    connection.close();

    assertTrue(plain.isClosed() && prepared.isClosed(), "statements are closed with their connection");
    assertTrue(first.isClosed() && second.isClosed(), "result sets are closed with their connection");
    assertThrows(SQLException.class, first::next);
    assertEquals(0, Engine.get().openScanConnections(), "no scan connection stays open");
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory is back to zero");
    assertEquals(0, Engine.get().models().leasesHeld(), "no model lease stays taken");
  }
}
