package io.sqlscore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader may read, score and explain, and may not write through any statement: every bypass
 * attempt below is refused before it runs (the database, the files around it and DuckDB's
 * settings are unchanged afterwards), while read-only statements, DuckDB's own query syntax
 * included, run.
 */
class ReaderRoleTest {
  @TempDir
  static Path dir;
  static ServerFixture fixture;
  static Connection reader;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.start(dir, c -> c);
    try (Connection admin = fixture.connect("alice", "alice-pw"); Statement s = admin.createStatement()) {
      s.execute("CREATE SEQUENCE ids");
    }
    reader = fixture.connect("bob", "bob-pw");
  }

  @AfterAll
  static void stop() throws SQLException {
    if (reader != null) {
      reader.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void writesAreRefusedWhateverTheStatement() throws Exception {
    Path leak = dir.resolve("leak");
    String csv = ServerFixture.repo().resolve("sql-examples/data/adult/adult_test.csv").toString();
    List<String> attempts = List.of(
        "COPY adult_test TO '" + leak + ".csv'",
        "COPY (SELECT * FROM adult_test) TO '" + leak + ".parquet' (FORMAT parquet)",
        "EXPORT DATABASE '" + leak + "-export'",
        "ATTACH '" + leak + ".duckdb' AS other",
        "DETACH served",
        "INSTALL httpfs",
        "LOAD json",
        "SET threads = 1",
        "SET memory_limit = '100MB'",
        "RESET threads",
        "PRAGMA enable_profiling",
        "CALL pragma_version()",
        "CHECKPOINT",
        "BEGIN TRANSACTION",
        "DELETE FROM adult_test",
        "UPDATE adult_test SET age = 0",
        "INSERT INTO adult_test SELECT * FROM adult_test LIMIT 1",
        "DROP TABLE adult_test",
        "ALTER TABLE adult_test ADD COLUMN z INTEGER",
        "CREATE TABLE copied AS SELECT * FROM adult_test",
        "CREATE TABLE scored AS SELECT id, PREDICT('adult') AS p FROM adult_test WHERE id < 3",
        "CREATE VIEW v AS SELECT 1 AS x",
        "CREATE MACRO m() AS 1",
        "CREATE MODEL again FROM '" + ServerFixture.repo().resolve("sql-examples/models/adult-armnet_plus") + "'",
        "ALTER MODEL adult SET ALIAS prod = 1",
        "DROP MODEL adult",
        "EXPLAIN MODEL adult ON (SELECT * FROM adult_test WHERE id < 5) AS stored",
        "EXPLAIN ANALYZE COPY adult_test TO '" + leak + "-analyze.csv'",
        "SELECT * FROM read_csv('" + csv + "')",
        "SELECT * FROM '" + csv + "'",
        "SELECT * FROM \"" + csv + "\"",
        "select * from READ_TEXT('/etc/hostname')",
        "SELECT * FROM glob('/etc/*')",
        "WITH t AS (SELECT 1) SELECT * FROM t, read_blob('/etc/hostname')",
        "SELECT (SELECT count(*) FROM read_csv('" + csv + "')) AS n",
        "SELECT 1 WHERE EXISTS (SELECT * FROM read_text('/etc/hostname'))",
        "SELECT * FROM query('DROP TABLE adult_test')",
        "SELECT nextval('ids')",
        "SELECT setseed(0.5)",
        "/* SELECT */ COPY adult_test TO '" + leak + "-comment.csv'");
    List<String> allowed = new ArrayList<>();
    for (String sql : attempts) {
      try (Statement statement = reader.createStatement()) {
        statement.execute(sql);
        allowed.add(sql);
      } catch (SQLException refused) {
        assertTrue(refused.getMessage().contains("PERMISSION_DENIED") && refused.getMessage().contains("needs role admin"),
            sql + " -> " + refused.getMessage());
      }
    }
    assertEquals(List.of(), allowed, "statements a reader could run");

    try (Statement statement = reader.createStatement()) {
      SQLException script = assertThrows(SQLException.class, () -> statement.execute("SELECT 1; DROP TABLE adult_test"));
      assertTrue(script.getMessage().contains("one statement at a time"), script.getMessage());
    }
    try (Connection admin = fixture.connect("alice", "alice-pw"); Statement s = admin.createStatement()) {
      assertEquals(16281L, single(s, "SELECT count(*) FROM adult_test"));
      assertEquals(1L, single(s, "SELECT count(*) FROM duckdb_databases() WHERE NOT internal"));
      assertEquals(1L, single(s, "SELECT count(*) FROM sqlscore.model_versions"));
      assertEquals(0L, single(s, "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('copied', 'scored', 'v')"));
      assertEquals(1L, single(s, "SELECT nextval('ids')"), "the sequence was not advanced");
    }
    try (var files = Files.list(dir)) {
      assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("leak")), "a file was written");
    }
  }

  @Test
  void readsRun() throws Exception {
    List<String> reads = List.of(
        "SELECT count(*) FROM adult_test",
        "SELECT 'COPY adult_test TO x; DROP TABLE adult_test' AS text, 1 AS \"drop\"",
        "SELECT id, PREDICT('adult') AS p, EXPLAIN_PREDICT('adult', 2) AS why FROM adult_test WHERE id < 3",
        "EXPLAIN PLAN FOR SELECT id, PREDICT('adult') FROM adult_test",
        "SHOW MODELS",
        "DESCRIBE MODEL adult",
        "EXPLAIN MODEL adult ON (SELECT * FROM adult_test WHERE id < 20)",
        "SET batch_size = 512",
        "FROM adult_test SELECT count(*) WHERE age > 30",
        "SELECT * FROM adult_test USING SAMPLE 3 ROWS",
        "WITH young AS (SELECT * FROM adult_test WHERE age < 25) SELECT count(*) FROM young",
        "SELECT count(*) FROM served.main.adult_test",
        "SELECT name FROM sqlscore.models",
        "DESCRIBE adult_test",
        "SHOW TABLES",
        "SUMMARIZE SELECT age FROM adult_test");
    for (String sql : reads) {
      try (Statement statement = reader.createStatement()) {
        assertTrue(statement.execute(sql) || sql.startsWith("SET"), sql);
      } catch (SQLException e) {
        fail(sql + " -> " + e.getMessage());
      }
    }
  }

  private static long single(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      assertTrue(rows.next());
      return rows.getLong(1);
    }
  }
}
