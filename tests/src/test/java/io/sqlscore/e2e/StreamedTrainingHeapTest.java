package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training set whose encoded rows exceed the JVM's whole heap trains in a child JVM with a
 * small heap: the default memory budget (a quarter of the heap) sends it down the path that
 * reads the rows from DuckDB on every pass, whose memory stays at a few batches.
 */
class StreamedTrainingHeapTest {
  private static final String HEAP = "-Xmx64m";

  @TempDir Path dir;

  @Test
  void trainingSetLargerThanTheHeapStreamsFromDuckDb() throws Exception {
    Path db = dir.resolve("big.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE big AS SELECT * EXCLUDE (id, income, r) FROM read_csv('"
          + AdultDatabase.repo().resolve("sql-examples/data/adult/adult_train.csv")
          + "', header = true, nullstr = ''), range(18) AS t(r)");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), SmallHeapTraining.class.getName(), db.toString())
        .redirectErrorStream(true).start();
    String output;
    try {
      assertTrue(child.waitFor(600, TimeUnit.SECONDS), "the child JVM finishes");
      output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      child.destroyForcibly();
    }
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("state: finished"), output);
    assertTrue(output.contains("read from DuckDB on every pass"), output);
    long encoded = number(output, "encoded bytes: ");
    long heap = number(output, "max heap: ");
    assertTrue(encoded > heap, "the rows encoded in memory (" + encoded + " bytes) would not fit the heap (" + heap
        + ")");
  }

  private static long number(String output, String label) {
    int at = output.indexOf(label);
    assertTrue(at >= 0, output);
    return Long.parseLong(output.substring(at + label.length()).lines().findFirst().orElseThrow().trim());
  }
}
