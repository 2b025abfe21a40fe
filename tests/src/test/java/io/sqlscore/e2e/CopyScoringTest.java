package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.jdbc.SqlscoreStatement;
import io.sqlscore.planner.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code COPY (query) TO 'file' (options)} whose query scores rows: sqlscore plans the query and
 * DuckDB writes the scored rows with the statement's own target and options; the statement's
 * counter of rows scored (for progress) counts them. A COPY without sqlscore features still runs
 * in DuckDB unchanged, and a scoring COPY with an unknown model fails before writing a file.
 */
class CopyScoringTest {
  @TempDir Path dir;

  @Test
  void copyOfAScoringQueryWritesTheScoresAndCountsTheRows() throws SQLException {
    Path scored = dir.resolve("scored.parquet");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlscore::memory:");
        Statement s = connection.createStatement()) {
      AdultDatabase.load(connection);
      long written = s.executeLargeUpdate("COPY (SELECT id, PREDICT('income') AS p FROM adult_test WHERE age > 40) "
          + "TO '" + scored + "' (FORMAT parquet, COMPRESSION zstd)");
      assertEquals(written, s.unwrap(SqlscoreStatement.class).rowsScored());
      assertEquals(count(s, "SELECT count(*) FROM adult_test WHERE age > 40"), written);
      assertEquals(scores(s, "SELECT id, PREDICT('income') FROM adult_test WHERE age > 40"),
          scores(s, "SELECT id, p FROM read_parquet('" + scored + "')"));

      Path plain = dir.resolve("ids.csv");
      s.execute("COPY (SELECT id FROM adult_test WHERE id < 10) TO '" + plain + "' (HEADER)");
      assertEquals(0, s.unwrap(SqlscoreStatement.class).rowsScored());
      assertEquals(11, Files.readAllLines(plain).size());

      Path never = dir.resolve("never.parquet");
      SQLException e = assertThrows(SQLException.class, () -> s.execute(
          "COPY (SELECT PREDICT('nosuch') FROM adult_test) TO '" + never + "' (FORMAT parquet)"));
      assertTrue(e.getMessage().contains("MODEL_NOT_FOUND"), e.getMessage());
      assertFalse(Files.exists(never));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory left after the test");
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Map<Long, Double> scores(Statement s, String sql) throws SQLException {
    Map<Long, Double> scores = new HashMap<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        scores.put(rs.getLong(1), rs.getDouble(2));
      }
    }
    return scores;
  }
}
