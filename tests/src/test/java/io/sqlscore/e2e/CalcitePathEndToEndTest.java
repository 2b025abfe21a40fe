package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads a million rows into a DuckDB file with plain DuckDB SQL through {@code jdbc:sqlscore:},
 * runs a filter + join + group-by query through the Calcite path and checks it returns exactly
 * the rows DuckDB returns directly, with the whole query pushed down into DuckDB. Amounts are
 * DECIMAL so that sums are exact whatever order DuckDB's threads add them in.
 */
class CalcitePathEndToEndTest {
  private static final String QUERY = String.join("\n",
      "SELECT c.region, o.status, count(*) AS orders, sum(o.amount) AS revenue, min(o.id) AS first_id",
      "FROM orders o JOIN customers c ON o.customer_id = c.id",
      "WHERE o.amount > 20 AND c.region <> 'north'",
      "GROUP BY c.region, o.status",
      "ORDER BY c.region, o.status");

  @TempDir Path dir;

  @Test
  void millionRowQueryMatchesDuckDbAndIsPushedDown() throws Exception {
    String file = dir.resolve("shop.duckdb").toString();
    try (Connection sqlscore = DriverManager.getConnection("jdbc:sqlscore:" + file);
        Statement s = sqlscore.createStatement()) {
      s.execute("CREATE TABLE customers AS SELECT i AS id, "
          + "CASE i % 4 WHEN 0 THEN 'north' WHEN 1 THEN 'south' WHEN 2 THEN 'east' ELSE 'west' END AS region "
          + "FROM range(1000) t(i)");
      assertEquals(1_000_000, s.executeUpdate("CREATE TABLE orders AS SELECT i AS id, i % 1000 AS customer_id, "
          + "((i * 7919 % 10007) / 100.0)::DECIMAL(12, 2) AS amount, "
          + "CASE WHEN i % 7 = 0 THEN 'returned' ELSE 'shipped' END AS status FROM range(1000000) t(i)"));

      List<String> viaSqlscore = rows(s.executeQuery(QUERY));
      List<String> plan = rows(s.executeQuery("EXPLAIN PLAN FOR " + QUERY));
      assertEquals(1, plan.size(), "one pushed-down statement: " + plan);
      String pushed = plan.get(0);
      assertTrue(pushed.startsWith("DuckDbQuery(sql=[SELECT"), pushed);
      for (String part : List.of("INNER JOIN", "WHERE", "GROUP BY", "ORDER BY")) {
        assertTrue(pushed.contains(part), part + " pushed down: " + pushed);
      }
      s.close();
      sqlscore.close();

      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + file);
          Statement d = duck.createStatement()) {
        List<String> viaDuckDb = rows(d.executeQuery(QUERY));
        assertEquals(6, viaDuckDb.size());
        assertEquals(viaDuckDb, viaSqlscore);
      }
    }
  }

  private static List<String> rows(ResultSet rs) throws SQLException {
    try (rs) {
      ResultSetMetaData meta = rs.getMetaData();
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
          sb.append(rs.getObject(c)).append('|');
        }
        rows.add(sb.toString());
      }
      assertFalse(rows.isEmpty());
      return rows;
    }
  }
}
