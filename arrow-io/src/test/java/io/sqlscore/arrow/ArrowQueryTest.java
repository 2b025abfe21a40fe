package io.sqlscore.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ArrowQueryTest {
  @RegisterExtension static final ArrowLeakCheck MEMORY = new ArrowLeakCheck();

  @TempDir Path dir;

  @Test
  void readsAQueryAsBatchesOfTheRequestedSize() throws Exception {
    try (DuckDBConnection duck = DuckDbConnections.open(dir.resolve("r.duckdb").toString(), new Properties());
        ArrowQuery query = ArrowQuery.open(duck,
            "SELECT i AS id, (i * 0.5)::DOUBLE AS half FROM range(10000) t(i) WHERE i >= ?",
            List.of(100), MEMORY.allocator(), 1024)) {
      ArrowReader reader = query.reader();
      long rows = 0;
      double sum = 0;
      int batches = 0;
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        assertTrue(root.getRowCount() <= 1024);
        BigIntVector id = (BigIntVector) root.getVector("id");
        Float8Vector half = (Float8Vector) root.getVector("half");
        for (int i = 0; i < root.getRowCount(); i++) {
          assertEquals(id.get(i) * 0.5, half.get(i));
          sum += id.get(i);
        }
        rows += root.getRowCount();
        batches++;
      }
      assertEquals(9900, rows);
      assertEquals((100 + 9999) * 9900 / 2.0, sum);
      assertTrue(batches >= 10);
    }
  }

  @Test
  void badSqlIsTranslatedWithTheDuckDbPosition() {
    try (DuckDBConnection duck = DuckDbConnections.open(DuckDbConnections.MEMORY, new Properties())) {
      SqlscoreException e = assertThrows(SqlscoreException.class,
          () -> ArrowQuery.open(duck, "SELEC 1", List.of(), MEMORY.allocator(), 16));
      assertEquals(ErrorCode.SYNTAX_ERROR, e.code());
      assertTrue(e.getMessage().contains("LINE 1"), e.getMessage());
      SqlscoreException missing = assertThrows(SqlscoreException.class,
          () -> ArrowQuery.open(duck, "SELECT * FROM nope", List.of(), MEMORY.allocator(), 16));
      assertEquals(ErrorCode.UNDEFINED_TABLE, missing.code());
      assertEquals("42P01", missing.sqlState());
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void writesBatchesIntoANewAndAnExistingTable() throws Exception {
    try (Duck db = Duck.open()) {
      DuckDBConnection duck = db.duck();
      DuckDBConnection reading = db.reading();
      Statement statement = db.statement();
      statement.execute("CREATE TABLE src AS SELECT i AS id, i::DOUBLE * 2 AS v FROM range(5000) t(i)");
      try (ArrowQuery query = ArrowQuery.open(reading, "SELECT * FROM src", List.of(), MEMORY.allocator(), 700)) {
        assertEquals(5000, ArrowTableWriter.createTable(duck, "copy1", query.reader(), MEMORY.allocator()));
      }
      try (ArrowQuery query = ArrowQuery.open(reading, "SELECT * FROM src WHERE id < 10", List.of(), MEMORY.allocator(), 700)) {
        assertEquals(10, ArrowTableWriter.insertInto(duck, "copy1", query.reader(), MEMORY.allocator()));
      }
      try (ResultSet rs = statement.executeQuery("SELECT count(*), sum(v) FROM copy1")) {
        rs.next();
        assertEquals(5010, rs.getLong(1));
        assertEquals(2 * (4999 * 5000 / 2.0) + 2 * 45, rs.getDouble(2));
      }
      try (ResultSet rs = statement.executeQuery(
          "SELECT count(*) FROM duckdb_views() WHERE view_name LIKE '__sqlscore_stream_%'")) {
        rs.next();
        assertEquals(0, rs.getLong(1), "stream views are dropped after use");
      }
    }
  }

  @Test
  void aViewThatIsNeverScannedStillReleasesItsReader() throws Exception {
    try (DuckDBConnection duck = DuckDbConnections.open(DuckDbConnections.MEMORY, new Properties());
        DuckDBConnection reading = DuckDbConnections.duplicate(duck)) {
      ArrowQuery query = ArrowQuery.open(reading, "SELECT 1 AS x", List.of(), MEMORY.allocator(), 16);
      ArrowStreamView view = ArrowStreamView.register(duck, query.reader(), MEMORY.allocator());
      view.close();
      query.close();
      assertEquals(0, MEMORY.allocator().getAllocatedMemory());
    }
  }

  @Test
  void enumColumnsKeepTheirValuesThroughAStreamView() throws Exception {
    try (Duck db = Duck.open()) {
      DuckDBConnection duck = db.duck();
      Statement statement = db.statement();
      statement.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
      statement.execute("CREATE TABLE src AS SELECT i AS id, CASE WHEN i % 7 = 0 THEN NULL"
          + " ELSE (['sad', 'ok', 'happy'])[i % 3 + 1] END::mood AS m,"
          + " [(['sad', 'ok', 'happy'])[i % 2 + 1], 'happy']::mood[] AS ms FROM range(3000) t(i)");
      String columns = "SELECT id, m::VARCHAR AS m, ms::VARCHAR[]::VARCHAR AS ms FROM ";
      try (ArrowQuery query = ArrowQuery.open(db.reading(), "SELECT * FROM src", List.of(), MEMORY.allocator(), 700);
          ArrowStreamView view = ArrowStreamView.register(duck, query.reader(), MEMORY.allocator());
          ResultSet passed = statement.executeQuery(columns + view.sqlName() + " EXCEPT " + columns + "src")) {
        if (passed.next()) {
          fail("a row changed on its way through the stream: " + rowOf(passed));
        }
      }
      try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM src WHERE m IS NOT NULL")) {
        rs.next();
        assertTrue(rs.getLong(1) > 2000, "the check above compares real values");
      }
    }
  }

  /** An in-memory database, a second connection to it for reading, and a statement on the first. */
  private record Duck(DuckDBConnection duck, DuckDBConnection reading, Statement statement) implements AutoCloseable {
    static Duck open() throws SQLException {
      DuckDBConnection duck = DuckDbConnections.open(DuckDbConnections.MEMORY, new Properties());
      DuckDBConnection reading = DuckDbConnections.duplicate(duck);
      return new Duck(duck, reading, duck.createStatement());
    }

    @Override
    public void close() throws SQLException {
      statement.close();
      reading.close();
      duck.close();
    }
  }

  private static String rowOf(ResultSet rs) throws SQLException {
    return rs.getLong(1) + ", " + rs.getString(2) + ", " + rs.getString(3);
  }
}
