package io.sqlscore.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The shell's live line: a statement that scores rows shows "scored N rows, R rows/s, T s"
 * rewritten in place while it runs, and the line is cleared before the statement's result prints;
 * a statement that scores nothing shows none.
 */
class StatementRunnerProgressTest {
  @Test
  void scoringStatementShowsALiveLineClearedBeforeItsResult() throws Exception {
    Path repo = Path.of(System.getProperty("sqlscore.repo", "..")).toAbsolutePath().normalize();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlscore::memory:")) {
      StatementRunner quiet = new StatementRunner(connection, out, 5, false);
      quiet.runScript("CREATE TABLE adult AS SELECT * FROM read_csv('"
          + repo.resolve("sql-examples/data/adult/adult_test.csv") + "', header = true, nullstr = '') LIMIT 6000;"
          + "CREATE MODEL m FROM '" + repo.resolve("sql-examples/models/adult-autoint_plus") + "';"
          + "SET scoring_threads = 1; SET batch_size = 256;", true);
      bytes.reset();
      StatementRunner live = new StatementRunner(connection, out, 5, false, Duration.ZERO, Duration.ofMillis(20));
      assertTrue(live.run("SELECT count(*) AS n FROM adult"));
      String plain = bytes.toString(StandardCharsets.UTF_8);
      assertTrue(!plain.contains("\r"), "no line without scoring: " + plain);
      bytes.reset();
      assertTrue(live.run("SELECT avg(PREDICT('m')) AS p FROM adult"));
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    int shown = text.indexOf("\rscored ");
    int cleared = text.lastIndexOf("\r");
    int result = text.indexOf("+-");
    assertTrue(shown >= 0 && text.substring(shown).matches("(?s)\\rscored [\\d,]+ rows, [\\d,]+ rows/s, [\\d.]+ s.*"),
        "a live line while scoring: " + text);
    assertTrue(cleared > shown && text.substring(text.lastIndexOf("\r", cleared - 1), cleared + 1).isBlank(),
        "the line is cleared: " + text);
    assertTrue(result > cleared, "the result prints after the line is cleared: " + text);
  }
}
