package io.sqlscore.cli.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.planner.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqlscore score --input-table ... --output-table ...} on a database file with a registry
 * model: a data error in the third chunk (a NULL under the {@code error} policy, its rowid named)
 * leaves the two committed chunks in the table and nothing of the third; after the row is fixed
 * and the alias has moved to a new version, the rerun resumes with the version the job started
 * with, and the table ends up with every key once and the scores of that version.
 */
class ScoreTableTest {
  @TempDir Path dir;

  @Test
  void tableInTableOutResumesWithThePinnedVersion() throws Exception {
    Path strict = ScoreFixture.strictPackage(dir.resolve("strict"));
    Path db = dir.resolve("warehouse.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events AS " + ScoreFixture.adultRows(1) + " ORDER BY id");
      s.execute("UPDATE events SET age = NULL WHERE id = 12345");
      s.execute("CREATE MODEL adult FROM '" + strict + "' WITH (alias = 'prod')");
    }
    String[] args = {"--model", "adult@prod", "--db", db.toString(), "--input-table", "events",
        "--output-table", "scored", "--key", "id", "--rows-per-file", "5000"};
    ScoreFixture.Run failed = ScoreFixture.score(args);
    assertEquals(ScoreCommand.FAILED, failed.code(), failed.out());
    assertTrue(failed.err().contains("feature 'age' (column 'age'), table events, rowid 12345 (chunk 2): the value "
        + "is NULL"), failed.err());

    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + db); Statement s = c.createStatement()) {
      assertEquals(10_000, ScoreFixture.count(s, "SELECT count(*) FROM scored"));
      assertEquals(2, ScoreFixture.count(s, "SELECT count(*) FROM sqlscore_batch.chunks"));
      s.execute("UPDATE events SET age = 40 WHERE id = 12345");
      s.execute("CREATE MODEL adult FROM '" + ScoreFixture.autoInt() + "'");
      s.execute("ALTER MODEL adult SET ALIAS prod = 2");
    }
    ScoreFixture.Run resumed = ScoreFixture.score(args);
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.out().contains("scoring with adult@1, the version this job started with (adult@prod now "
        + "resolves to adult@2)"), resumed.out());
    assertTrue(resumed.out().contains("resuming the job in table scored: 2 of 4 chunks (10,000 rows) were committed"),
        resumed.out());

    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + db); Statement s = c.createStatement()) {
      assertEquals(ScoreFixture.scores(s, "SELECT id, PREDICT('adult@1') FROM events"),
          ScoreFixture.scores(s, "SELECT id, score FROM scored"));
      assertEquals(16_281, ScoreFixture.count(s, "SELECT count(*) FROM scored"));
    }
    ScoreFixture.Run again = ScoreFixture.score(args);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().startsWith("nothing to do: table scored already holds this finished job"), again.out());
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory left after the test");
  }
}
