package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC driver against a real DuckDB file: metadata, parameters, errors, transactions. */
class JdbcDriverTest {
  @TempDir Path dir;
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlscore:" + dir.resolve("db.duckdb"));
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE SCHEMA sales");
      s.execute("CREATE TABLE sales.items (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, price DECIMAL(10,2), added DATE)");
      s.execute("INSERT INTO sales.items VALUES (1, 'tea', 3.50, DATE '2026-01-02'), (2, 'cake', 4.25, NULL), (3, 'coffee', 2.80, DATE '2026-03-04')");
      s.execute("CREATE VIEW sales.cheap AS SELECT * FROM sales.items WHERE price < 4");
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void databaseMetaDataListsSchemasTablesAndColumns() throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    assertEquals("sqlscore", meta.getDriverName());
    assertTrue(meta.getURL().startsWith("jdbc:sqlscore:"));
    assertEquals(connection, meta.getConnection());
    List<String> schemas = column(meta.getSchemas(), "TABLE_SCHEM");
    assertTrue(schemas.contains("sales"), schemas.toString());
    List<String> tables = column(meta.getTables(null, "sales", "%", null), "TABLE_NAME");
    assertEquals(List.of("cheap", "items"), tables.stream().sorted().toList());
    List<String> columns = column(meta.getColumns(null, "sales", "items", "%"), "COLUMN_NAME");
    assertEquals(List.of("id", "name", "price", "added"), columns);
  }

  @Test
  void queriesOnBothPathsReportTheSameTypes() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet planned = s.executeQuery("SELECT id, name, price, added FROM sales.items ORDER BY id")) {
      ResultSetMetaData meta = planned.getMetaData();
      assertEquals(Types.INTEGER, meta.getColumnType(1));
      assertEquals(Types.VARCHAR, meta.getColumnType(2));
      assertEquals(Types.DECIMAL, meta.getColumnType(3));
      assertEquals(Types.DATE, meta.getColumnType(4));
      assertTrue(planned.next());
      assertEquals(new java.math.BigDecimal("3.50"), planned.getBigDecimal(3));
    }
    // DuckDB-only syntax takes the pass-through path and still works.
    try (Statement s = connection.createStatement();
        ResultSet passthrough = s.executeQuery("SELECT * EXCLUDE (added) FROM sales.items ORDER BY id")) {
      assertEquals(3, passthrough.getMetaData().getColumnCount());
      assertEquals(Types.DECIMAL, passthrough.getMetaData().getColumnType(3));
    }
  }

  @Test
  void preparedStatementsBindParametersOnBothPaths() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT name FROM sales.items WHERE price > ? AND added >= ? ORDER BY name")) {
      ParameterMetaData params = ps.getParameterMetaData();
      assertEquals(2, params.getParameterCount());
      assertEquals(Types.DECIMAL, params.getParameterType(1));
      assertEquals(Types.DATE, params.getParameterType(2));
      ps.setBigDecimal(1, new java.math.BigDecimal("2.00"));
      ps.setDate(2, java.sql.Date.valueOf("2026-01-01"));
      assertEquals(List.of("coffee", "tea"), column(ps.executeQuery(), "name"));
      ps.setBigDecimal(1, new java.math.BigDecimal("3.00"));
      assertEquals(List.of("tea"), column(ps.executeQuery(), "name"));
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sales.items VALUES (?, ?, ?, ?)")) {
      insert.setInt(1, 4);
      insert.setString(2, "juice");
      insert.setBigDecimal(3, new java.math.BigDecimal("1.99"));
      insert.setNull(4, Types.DATE);
      assertEquals(1, insert.executeUpdate());
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sales.items")) {
      rs.next();
      assertEquals(4, rs.getLong(1));
    }
  }

  @Test
  void errorsCarrySqlStatesAndTheConnectionStaysUsable() throws SQLException {
    try (Statement s = connection.createStatement()) {
      SQLSyntaxErrorException syntax = assertThrows(SQLSyntaxErrorException.class,
          () -> s.executeQuery("SELECT name FROM sales.items WHERE"));
      assertEquals("42601", syntax.getSQLState());
      assertTrue(syntax.getMessage().contains("LINE 1"), syntax.getMessage());

      SQLException table = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM sales.nope"));
      assertEquals("42P01", table.getSQLState());
      assertTrue(table.getMessage().contains("nope"), table.getMessage());

      try (PreparedStatement ps = connection.prepareStatement("SELECT name FROM sales.items WHERE id = ?")) {
        ps.setString(1, "one");
        SQLDataException wrongType = assertThrows(SQLDataException.class, ps::executeQuery);
        assertEquals("22018", wrongType.getSQLState());
        assertTrue(wrongType.getMessage().contains("parameter 1 expects INTEGER"), wrongType.getMessage());
        SQLException unset = assertThrows(SQLException.class, () -> {
          ps.clearParameters();
          ps.executeQuery();
        });
        assertEquals("07001", unset.getSQLState());
        ps.setInt(1, 2);
        assertEquals(List.of("cake"), column(ps.executeQuery(), "name"));
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sales.cheap")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getLong(1));
      }
    }
  }

  @Test
  void transactionsAreDuckDbs() throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("DELETE FROM sales.items WHERE id = 1");
      connection.rollback();
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sales.items")) {
        rs.next();
        assertEquals(3, rs.getLong(1));
      }
    } finally {
      connection.setAutoCommit(true);
    }
  }

  @Test
  void maxRowsLimitsWhatTheResultSetReturns() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.setMaxRows(2);
      try (ResultSet rs = s.executeQuery("SELECT id FROM sales.items ORDER BY id")) {
        assertTrue(rs.next());
        assertTrue(rs.next());
        assertFalse(rs.next());
      }
    }
  }

  private static List<String> column(ResultSet rs, String name) throws SQLException {
    try (rs) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(name));
      }
      return values;
    }
  }
}
