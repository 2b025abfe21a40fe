package io.sqlscore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Apache Arrow Flight SQL JDBC driver ({@code jdbc:arrow-flight-sql://}, through
 * DriverManager) against a running server: metadata, PREDICT and EXPLAIN_PREDICT (scores equal
 * to the embedded engine's), prepared statements with parameters (inside PREDICT too), DDL as
 * admin and refused as reader, and wrong passwords refused.
 */
class FlightJdbcTest extends SharedServerTest {
  /** The model's features in order, for PREDICT with positional arguments. */
  private static final String FEATURES = "workclass, fnlwgt, education, education_num, marital_status, occupation, "
      + "relationship, race, sex, capital_gain, capital_loss, hours_per_week, native_country";

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.start(dir, c -> c);
    try (Connection admin = fixture.connect("alice", "alice-pw"); Statement s = admin.createStatement()) {
      s.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR)");
      s.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))");
      s.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
      s.execute("CREATE TABLE moods AS SELECT range::INTEGER AS id, (['sad', 'ok', 'happy'])[range % 3 + 1]::mood AS m "
          + "FROM range(10)");
    }
  }

  @Test
  void browsesMetadata() throws Exception {
    try (Connection connection = fixture.connect("bob", "bob-pw")) {
      DatabaseMetaData meta = connection.getMetaData();
      assertEquals(List.of("served"), column(meta.getCatalogs(), "TABLE_CAT"));
      List<String> schemas = column(meta.getSchemas("served", null), "TABLE_SCHEM");
      assertTrue(schemas.containsAll(List.of("main", "sqlscore")), schemas.toString());
      List<String> tables = column(meta.getTables(null, "main", "%", null), "TABLE_NAME");
      assertTrue(tables.containsAll(List.of("adult_test", "parent", "child", "moods")), tables.toString());
      assertEquals(List.of("models"), column(meta.getTables("served", "sqlscore", "model_", null), "TABLE_NAME"));
      assertTrue(column(meta.getTableTypes(), "TABLE_TYPE").containsAll(List.of("BASE TABLE", "VIEW")));

      Map<String, String> columns = new LinkedHashMap<>();
      try (ResultSet rows = meta.getColumns(null, "main", "adult_test", null)) {
        while (rows.next()) {
          columns.put(rows.getString("COLUMN_NAME"), rows.getString("TYPE_NAME"));
        }
      }
      assertEquals(17, columns.size(), columns.toString());
      assertEquals("BIGINT", columns.get("id"));
      assertEquals("VARCHAR", columns.get("workclass"));

      try (ResultSet keys = meta.getPrimaryKeys(null, "main", "parent")) {
        assertTrue(keys.next());
        assertEquals("id", keys.getString("COLUMN_NAME"));
        assertEquals(1, keys.getInt("KEY_SEQ"));
        assertFalse(keys.next());
      }
      try (ResultSet keys = meta.getImportedKeys(null, "main", "child")) {
        assertTrue(keys.next());
        assertEquals("parent", keys.getString("PKTABLE_NAME"));
        assertEquals("id", keys.getString("PKCOLUMN_NAME"));
        assertEquals("parent_id", keys.getString("FKCOLUMN_NAME"));
        assertFalse(keys.next());
      }
      try (ResultSet keys = meta.getExportedKeys(null, "main", "parent")) {
        assertTrue(keys.next());
        assertEquals("child", keys.getString("FKTABLE_NAME"));
      }
      assertEquals("sqlscore", meta.getDatabaseProductName());
    }
  }

  @Test
  void predictMatchesTheEmbeddedEngine() throws Exception {
    String sql = "SELECT id, PREDICT('adult') AS p FROM adult_test WHERE id < 40 ORDER BY id";
    Map<Long, Double> embedded = Embedded.scores(fixture.database, sql);
    try (Connection connection = fixture.connect("bob", "bob-pw");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertEquals(Types.DOUBLE, rows.getMetaData().getColumnType(2));
      int n = 0;
      while (rows.next()) {
        assertEquals(embedded.get(rows.getLong("id")), rows.getDouble("p"), 0.0, "row " + rows.getLong("id"));
        n++;
      }
      assertEquals(40, n);
    }
  }

  /** The driver reports an Arrow struct as JAVA_OBJECT and reads it as a Map of its fields. */
  @Test
  void explainPredictArrivesAsAStruct() throws Exception {
    try (Connection connection = fixture.connect("bob", "bob-pw");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, PREDICT('adult') AS p, EXPLAIN_PREDICT('adult', 3) AS why "
            + "FROM adult_test WHERE id < 5 ORDER BY id")) {
      ResultSetMetaData meta = rows.getMetaData();
      assertEquals(Types.JAVA_OBJECT, meta.getColumnType(3));
      int n = 0;
      while (rows.next()) {
        Map<?, ?> why = (Map<?, ?>) rows.getObject("why");
        assertEquals(rows.getDouble("p"), ((Number) why.get("score")).doubleValue(), 0.0);
        List<?> crosses = (List<?>) why.get("crosses");
        assertEquals(3, crosses.size());
        Map<?, ?> top = (Map<?, ?>) crosses.get(0);
        List<?> fields = (List<?>) top.get("fields");
        assertFalse(fields.isEmpty());
        assertEquals(fields.size(), ((List<?>) top.get("values")).size());
        assertTrue(fields.get(0).toString().matches("[a-z_]+"), fields.toString());
        assertEquals(14, ((List<?>) why.get("importance")).size());
        n++;
      }
      assertEquals(5, n);
    }
  }

  @Test
  void enumColumnsArriveAsText() throws Exception {
    try (Connection connection = fixture.connect("bob", "bob-pw");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, m FROM moods ORDER BY id LIMIT 3")) {
      assertEquals(Types.VARCHAR, rows.getMetaData().getColumnType(2));
      List<String> moods = new ArrayList<>();
      while (rows.next()) {
        moods.add(rows.getString("m"));
      }
      assertEquals(List.of("sad", "ok", "happy"), moods);
    }
  }

  @Test
  void preparedStatementBindsParametersInsidePredict() throws Exception {
    String literal = "SELECT id, PREDICT('adult', 90, " + FEATURES + ") AS p FROM adult_test WHERE id < 3 ORDER BY id";
    Map<Long, Double> embedded = Embedded.scores(fixture.database, literal);
    try (Connection connection = fixture.connect("bob", "bob-pw");
        PreparedStatement statement = connection.prepareStatement(
            "SELECT id, PREDICT('adult', ?, " + FEATURES + ") AS p FROM adult_test WHERE id < ? ORDER BY id")) {
      ResultSetMetaData before = statement.getMetaData();
      assertEquals(2, before.getColumnCount());
      assertEquals("p", before.getColumnName(2));
      assertEquals(2, statement.getParameterMetaData().getParameterCount());
      for (int run = 0; run < 2; run++) {
        statement.setInt(1, 90);
        statement.setInt(2, 3);
        try (ResultSet rows = statement.executeQuery()) {
          int n = 0;
          while (rows.next()) {
            assertEquals(embedded.get(rows.getLong("id")), rows.getDouble("p"), 0.0);
            n++;
          }
          assertEquals(3, n);
        }
      }
      statement.setInt(1, 90);
      statement.setInt(2, 1);
      try (ResultSet rows = statement.executeQuery()) {
        assertTrue(rows.next());
        assertFalse(rows.next());
      }
    }
  }

  @Test
  void ddlAsAdmin() throws Exception {
    try (Connection connection = fixture.connect("alice", "alice-pw");
        Statement statement = connection.createStatement()) {
      assertFalse(statement.execute("CREATE TABLE scored AS SELECT id, PREDICT('adult') AS p FROM adult_test "
          + "WHERE id < 10"));
      assertEquals(3, statement.executeUpdate("INSERT INTO scored SELECT id + 100, p FROM scored WHERE id < 3"));
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM scored")) {
        assertTrue(rows.next());
        assertEquals(13, rows.getLong(1));
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scored VALUES (?, ?)")) {
        insert.setLong(1, 1000);
        insert.setDouble(2, 0.5);
        assertEquals(1, insert.executeUpdate());
      }
      try (ResultSet rows = statement.executeQuery("SHOW MODELS")) {
        assertTrue(rows.next());
        assertEquals("adult", rows.getString("name"));
      }
      statement.execute("DROP TABLE scored");
    }
  }

  @Test
  void theSameDdlIsRefusedToAReader() throws Exception {
    try (Connection connection = fixture.connect("bob", "bob-pw");
        Statement statement = connection.createStatement()) {
      SQLException refused = assertThrows(SQLException.class, () -> statement.execute(
          "CREATE TABLE scored AS SELECT id, PREDICT('adult') AS p FROM adult_test WHERE id < 10"));
      assertTrue(refused.getMessage().contains("PERMISSION_DENIED"), refused.getMessage());
      assertTrue(refused.getMessage().contains("needs role admin"), refused.getMessage());
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM adult_test")) {
        assertTrue(rows.next());
        assertEquals(16281, rows.getLong(1));
      }
    }
  }

  @Test
  void wrongPasswordAndUnknownUserAreRefusedAlike() {
    SQLException wrong = assertThrows(SQLException.class, () -> fixture.connect("alice", "nope").close());
    SQLException unknown = assertThrows(SQLException.class, () -> fixture.connect("mallory", "nope").close());
    assertNotNull(wrong.getMessage());
    assertTrue(rootMessage(wrong).contains(io.sqlscore.server.auth.PasswordAuthenticator.FAILED), rootMessage(wrong));
    assertEquals(rootMessage(wrong), rootMessage(unknown));
    assertTrue(fixture.log().contains("failed sign-in user=mallory"), fixture.log());
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  static List<String> column(ResultSet rows, String name) throws SQLException {
    List<String> values = new ArrayList<>();
    try (rows) {
      while (rows.next()) {
        values.add(rows.getString(name));
      }
    }
    return values;
  }
}
