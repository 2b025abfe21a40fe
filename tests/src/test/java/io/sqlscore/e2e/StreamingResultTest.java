package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.jdbc.SqlscoreStatement;
import io.sqlscore.planner.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scoring query's result streams through JDBC: its first row arrives while most rows are not
 * scored yet (the result is computed as it is read, never held whole), the connection runs other
 * statements while the result is open, and closing the result early stops the scoring.
 */
class StreamingResultTest {
  @TempDir Path dir;

  @Test
  void firstRowsArriveBeforeTheLastAreScored() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + dir.resolve("stream.duckdb"));
        Statement setup = c.createStatement()) {
      AdultDatabase.load(c);
      AdultDatabase.repeat(c, "big", 10);
      setup.execute("SET batch_size = 1024");
      long total;
      try (ResultSet rs = setup.executeQuery("SELECT count(*) FROM big")) {
        rs.next();
        total = rs.getLong(1);
      }
      Statement s = c.createStatement();
      SqlscoreStatement scoring = s.unwrap(SqlscoreStatement.class);
      try (ResultSet rs = s.executeQuery(
          "SELECT id, PREDICT('income') AS p, EXPLAIN_PREDICT('income', 5) AS why FROM big")) {
        // DuckDB computes a streamed result ahead of its reader up to a buffer of about a
        // megabyte: with explanations, a small part of this table.
        assertTrue(rs.next());
        long atFirstRow = scoring.rowsScored();
        assertTrue(atFirstRow < total / 4, "the first row arrived after " + atFirstRow + " of " + total + " rows");
        try (Statement other = c.createStatement(); ResultSet meanwhile = other.executeQuery("SELECT 42")) {
          assertTrue(meanwhile.next());
          assertEquals(42, meanwhile.getInt(1), "the connection runs another statement while the result is open");
        }
        for (int i = 0; i < 1000; i++) {
          assertTrue(rs.next());
        }
      }
      long atClose = scoring.rowsScored();
      assertTrue(atClose < total / 2, "closing the result stopped scoring after " + atClose + " of " + total + " rows");
      s.close();
    }
    assertEquals(0, Engine.get().openScanConnections(), "no scan connection stays open");
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory is back to zero");
    assertEquals(0, Engine.get().models().leasesHeld(), "no model lease stays taken");
  }
}
