package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a process in the middle of importing model versions, three times at
 * different moments, and checks after each kill that the registry holds exactly the imports
 * that committed, each complete (version row, weights, event) and nothing of the interrupted
 * one: no version, no orphan weights, no event, no skipped version number.
 */
class RegistryKillTest {
  @TempDir Path dir;

  @Test
  void killedImportsLeaveNoTrace() throws Exception {
    Path db = dir.resolve("killed.duckdb");
    Path scratch = Files.createDirectories(dir.resolve("packages"));
    long committed = 0;
    for (int round = 0; round < 3; round++) {
      long confirmed = runAndKill(db, scratch, 2 + round, 15L * round);
      long[] state = registryState(db);
      long versions = state[0];
      assertTrue(versions == confirmed || versions == confirmed + 1,
          "the registry holds the confirmed imports, plus at most one that committed just before the kill: "
              + versions + " vs " + confirmed);
      assertTrue(versions >= committed, "committed versions survive");
      committed = versions;
    }
  }

  /** Starts the import loop, kills it after {@code imports} confirmed imports plus a delay. */
  private long runAndKill(Path db, Path scratch, int imports, long delayMillis) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
        "-Dsqlscore.repo=" + System.getProperty("sqlscore.repo", ".."),
        "-cp", System.getProperty("java.class.path"), ImportLoop.class.getName(),
        db.toString(), scratch.toString());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    long last = 0;
    List<String> output = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      int seen = 0;
      String line;
      while (seen < imports && (line = reader.readLine()) != null) {
        output.add(line);
        if (line.startsWith("imported ")) {
          last = Long.parseLong(line.substring("imported ".length()).trim());
          seen++;
        }
      }
      assertEquals(imports, seen, "the import loop failed: " + output);
      Thread.sleep(delayMillis);
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }
    return last;
  }

  /** Checks the registry's invariants and returns {versions}. */
  private static long[] registryState(Path db) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlscore:" + db);
        Statement s = connection.createStatement()) {
      long versions = count(s, "SELECT count(*) FROM sqlscore.model_versions");
      assertEquals(versions, count(s, "SELECT coalesce(max(version), 0) FROM sqlscore.model_versions"),
          "versions are 1..n with no gap");
      assertEquals(versions + 1, count(s, "SELECT next_version FROM sqlscore.models"));
      assertEquals(versions, count(s, "SELECT count(*) FROM sqlscore.model_events WHERE event = 'version_created'"));
      assertEquals(0, count(s, "SELECT count(*) FROM sqlscore.model_versions v "
          + "WHERE NOT EXISTS (SELECT 1 FROM sqlscore.model_weights w WHERE w.sha256 = v.weights_sha256)"));
      assertEquals(0, count(s, "SELECT count(*) FROM sqlscore.model_weights w "
          + "WHERE NOT EXISTS (SELECT 1 FROM sqlscore.model_versions v WHERE w.sha256 = v.weights_sha256)"));
      return new long[] {versions};
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
