package io.sqlscore.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line reports a database it cannot open as one line and a non-zero exit code,
 * never a stack trace.
 */
class MainErrorsTest {
  @TempDir Path dir;

  /** What one run of the command line printed and returned. */
  private record Outcome(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  @Test
  void aDatabaseFileLockedByAnotherProcessIsOneLineAndExitCodeOne() throws Exception {
    Path db = dir.resolve("locked.duckdb");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process holder = new ProcessBuilder(java, "-cp", classPath, DatabaseLockHolder.class.getName(), db.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("locked", lines.readLine(), "the other process holds the file");
      Outcome outcome = run("sql", "SELECT count(*) FROM t", "--db", db.toString());
      assertEquals(1, outcome.exitCode(), outcome.all());
      assertOneLineWithoutStackTrace(outcome.err());
      assertTrue(outcome.err().startsWith("sqlscore: Error [08001]: CONNECTION_FAILURE: cannot open DuckDB database"),
          outcome.err());
      assertTrue(outcome.err().toLowerCase(Locale.ROOT).contains("lock"), outcome.err());
      assertEquals("", outcome.out());
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(30, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
  }

  @Test
  void aDatabaseInAMissingDirectoryIsOneLine() {
    Outcome outcome = run("sql", "SELECT 1", "--db", dir.resolve("no/such/dir/x.duckdb").toString());
    assertNotEquals(0, outcome.exitCode());
    assertOneLineWithoutStackTrace(outcome.err());
    assertTrue(outcome.err().contains("CONNECTION_FAILURE"), outcome.err());
  }

  @Test
  void aMissingScriptIsOneLine() {
    Outcome outcome = run("run", dir.resolve("missing.sql").toString());
    assertEquals(1, outcome.exitCode());
    assertOneLineWithoutStackTrace(outcome.err());
    assertTrue(outcome.err().contains("missing.sql"), outcome.err());
  }

  @Test
  void aFailedStatementIsOneLineOnStandardOutput() {
    Outcome outcome = run("sql", "SELECT * FROM nowhere");
    assertEquals(1, outcome.exitCode());
    assertEquals("", outcome.err());
    assertOneLineWithoutStackTrace(outcome.out());
  }

  private static void assertOneLineWithoutStackTrace(String text) {
    List<String> lines = text.lines().toList();
    assertEquals(1, lines.size(), "one line: " + text);
    assertFalse(text.contains("\tat ") || text.contains("Exception in thread") || text.contains("Caused by"), text);
  }

  private static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
