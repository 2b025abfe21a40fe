package io.sqlscore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverSmokeTest {
  @Test
  void runsQueriesThroughBothPaths() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore::memory:");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t AS SELECT i AS id, i % 3 AS g, 'n' || i AS name FROM range(10) r(i)");
      try (ResultSet rs = s.executeQuery("SELECT g, count(*) AS n FROM t WHERE id > 2 GROUP BY g ORDER BY g")) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getLong(1) + ":" + rs.getLong(2));
        }
        assertEquals(List.of("0:3", "1:2", "2:2"), rows);
      }
      try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR SELECT g, count(*) AS n FROM t WHERE id > 2 GROUP BY g")) {
        assertTrue(rs.next());
        System.out.println(rs.getString(1));
        assertTrue(rs.getString(1).startsWith("DuckDbQuery(sql=[SELECT"), rs.getString(1));
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM t WHERE id = ?")) {
        ps.setInt(1, 7);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("n7", rs.getString(1));
          assertFalse(rs.next());
        }
        ps.setString(1, "abc");
        SQLException wrong = assertThrows(SQLException.class, ps::executeQuery);
        assertEquals("22018", wrong.getSQLState());
        System.out.println(wrong.getMessage());
      }
      SQLException bad = assertThrows(SQLException.class, () -> s.executeQuery("SELEC 1"));
      assertEquals("42601", bad.getSQLState());
      System.out.println(bad.getMessage());
      SQLException missing = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM nope"));
      assertEquals("42P01", missing.getSQLState());
      System.out.println(missing.getMessage());
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(10, rs.getLong(1));
      }
    }
  }
}
