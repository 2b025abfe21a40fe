package io.sqlscore.cli.score;

import static io.sqlscore.cli.score.ScoreFixture.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.planner.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input of {@code sqlscore score} gives one clear line on standard error and a non-zero
 * exit code (2 for bad usage, 1 for a failure, 3 for an output that holds something else), and
 * leaves nothing half-written visible.
 */
class ScoreBadInputTest {
  @TempDir Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory left after the test");
  }

  private ScoreFixture.Run scoreInto(Path output, String input, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("--model", ScoreFixture.autoInt().toString(),
        "--input", input, "--output", output.toString(), "--key", "id"));
    args.addAll(List.of(more));
    return score(args.toArray(new String[0]));
  }

  private static void failsWith(ScoreFixture.Run run, int code, String... parts) {
    assertEquals(code, run.code(), run.err());
    String first = run.err().lines().findFirst().orElse("");
    for (String part : parts) {
      assertTrue(first.contains(part), "'" + part + "' missing from: " + run.err());
    }
    assertTrue(first.startsWith("sqlscore score: "), run.err());
    if (code != ScoreCommand.USAGE) {
      assertEquals(1, run.err().lines().count(), "one line: " + run.err());
    }
    assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
  }

  @Test
  void missingFileAndEmptyGlob() {
    Path output = dir.resolve("out");
    failsWith(scoreInto(output, dir.resolve("nothere.parquet").toString()), ScoreCommand.FAILED,
        "IO_ERROR", "input file '" + dir.resolve("nothere.parquet") + "' does not exist");
    failsWith(scoreInto(output, dir + "/*.parquet"), ScoreCommand.FAILED,
        "no file matches the input '" + dir + "/*.parquet'");
    assertFalse(Files.exists(output), "nothing written");
  }

  @Test
  void missingColumnNamesItAndTheFeatures() throws Exception {
    Path input = dir.resolve("in");
    ScoreFixture.writeParquet(input, "SELECT * EXCLUDE (education) FROM (" + ScoreFixture.adultRows(1) + ")", 1);
    Path output = dir.resolve("out");
    failsWith(scoreInto(output, input.toString()), ScoreCommand.FAILED, "FEATURE_MISMATCH",
        "has no column 'education', which model adult_autoint_plus@1 needs; the model's features are age, workclass, "
            + "fnlwgt, education, education_num,");
    failsWith(scoreInto(output, input.toString(), "--columns", "colour"), ScoreCommand.FAILED,
        "has no column 'colour' (named by --key or --columns)");
    assertFalse(Files.exists(output), "nothing written");
  }

  @Test
  void typeThatCannotBeEncoded() throws Exception {
    Path input = dir.resolve("in");
    ScoreFixture.writeParquet(input, "SELECT * REPLACE (DATE '2000-01-01' + CAST(age AS INTEGER) AS age) FROM ("
        + ScoreFixture.adultRows(1) + ")", 1);
    Path output = dir.resolve("out");
    failsWith(scoreInto(output, input.toString()), ScoreCommand.FAILED, "TYPE_MISMATCH", "has type DATE",
        "feature 'age'");
    assertFalse(Files.exists(output), "nothing written");
  }

  @Test
  void nullUnderTheErrorPolicyNamesFileAndRow() throws Exception {
    Path model = ScoreFixture.strictPackage(dir.resolve("strict"));
    Path input = dir.resolve("in");
    Files.createDirectories(input);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE rows AS " + ScoreFixture.adultRows(1));
      s.execute("UPDATE rows SET age = NULL WHERE id = 8123");
      s.execute("COPY (SELECT * FROM rows WHERE id < 8000 ORDER BY id) TO '" + input.resolve("a.parquet") + "'");
      s.execute("COPY (SELECT * FROM rows WHERE id >= 8000 ORDER BY id) TO '" + input.resolve("b.parquet") + "'");
    }
    Path output = dir.resolve("out");
    ScoreFixture.Run run = score("--model", model.toString(), "--input", input.toString(), "--output",
        output.toString(), "--key", "id", "--rows-per-file", "5000");
    failsWith(run, ScoreCommand.FAILED, "BAD_FEATURE_VALUE", "feature 'age'",
        "file '" + input.resolve("b.parquet") + "', row 123 (0-based) (chunk 1)", "the value is NULL",
        "null policy is \"error\"");
    assertEquals(List.of(".sqlscore.lock", "_sqlscore_manifest.jsonl", "part-00000.parquet"),
        ScoreFixture.names(output), "only the committed chunk is visible");
  }

  @Test
  void outputThatCannotBeWritten() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    failsWith(scoreInto(file.resolve("out"), ScoreFixture.adultCsv().toString()), ScoreCommand.FAILED,
        "IO_ERROR", "cannot create the output folder '" + file.resolve("out") + "'");
    failsWith(scoreInto(file, ScoreFixture.adultCsv().toString()), ScoreCommand.FAILED,
        "the output '" + file + "' is a file, not a folder");
    Path foreign = dir.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    failsWith(scoreInto(foreign, ScoreFixture.adultCsv().toString(), "--overwrite"), ScoreCommand.REFUSED,
        "holds files no sqlscore score job wrote (notes.txt)");
    assertEquals(List.of("notes.txt"), ScoreFixture.names(foreign), "the folder is left as it was");
  }

  @Test
  void outputThatIsTheInputIsRefusedBeforeAnythingIsRemoved() throws Exception {
    // Scored files that hold every feature, so that they could be scored again.
    Path scored = dir.resolve("scored");
    assertEquals(0, scoreInto(scored, ScoreFixture.adultCsv().toString(), "--columns", "age,workclass,fnlwgt,"
        + "education,education_num,marital_status,occupation,relationship,race,sex,capital_gain,capital_loss,"
        + "hours_per_week,native_country").code());
    List<String> written = ScoreFixture.names(scored);
    String reading = "is where the input";
    failsWith(scoreInto(scored, scored.toString(), "--overwrite"), ScoreCommand.FAILED, "INVALID_ARGUMENT",
        "the output folder '" + scored + "' " + reading, "choose another output");
    failsWith(scoreInto(scored, scored + "/*.parquet"), ScoreCommand.FAILED, reading);
    assertEquals(written, ScoreFixture.names(scored), "the folder is left as it was");
    // An output folder inside the input folder: a rerun would read the job's own files.
    Path inside = scored.resolve("again");
    failsWith(scoreInto(inside, scored.toString()), ScoreCommand.FAILED, reading);
    assertFalse(Files.exists(inside), "nothing written");

    Path db = dir.resolve("warehouse.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE events AS " + ScoreFixture.adultRows(1));
    }
    for (String output : List.of("events", "MAIN.Events")) {
      failsWith(score("--model", ScoreFixture.autoInt().toString(), "--db", db.toString(), "--input-table", "events",
          "--output-table", output, "--key", "id", "--overwrite"), ScoreCommand.FAILED,
          "the output table " + output + " " + reading + " table events");
    }
    failsWith(score("--model", ScoreFixture.autoInt().toString(), "--db", db.toString(), "--input-table", "events",
        "--output-table", "sqlscore.models", "--overwrite"), ScoreCommand.FAILED,
        "schema sqlscore, which sqlscore keeps for its model registry");
    failsWith(score("--model", ScoreFixture.autoInt().toString(), "--db", db.toString(), "--input-table", "events",
        "--output-table", "sqlscore_batch.jobs", "--overwrite"), ScoreCommand.FAILED, "score jobs' records");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement()) {
      assertEquals(16_281, ScoreFixture.count(s, "SELECT count(*) FROM events"), "the input table is left as it was");
    }
  }

  @Test
  void whereConditionThatCannotBeApplied() {
    Path output = dir.resolve("out");
    failsWith(scoreInto(output, ScoreFixture.adultCsv().toString(), "--where", "nosuch > 3"), ScoreCommand.FAILED,
        "UNDEFINED_COLUMN", "the --where condition 'nosuch > 3' cannot be applied to the input", "nosuch");
    assertFalse(Files.exists(output), "nothing written");
  }

  @Test
  void badUsage() {
    failsWith(score("--input", "x.parquet", "--output", "y"), ScoreCommand.USAGE, "--model is required");
    failsWith(score("--model", "m", "--input", "x", "--output", "y", "--colour", "red"), ScoreCommand.USAGE,
        "unknown argument '--colour'");
    failsWith(score("--model", "adult@prod", "--input", "x", "--output", "y"), ScoreCommand.USAGE,
        "--model adult@prod names a version in a model registry: give --db FILE");
    failsWith(score("--model", "m/p", "--input", "x", "--output-table", "t"), ScoreCommand.USAGE,
        "give --db FILE");
    failsWith(score("--model", "m/p", "--input", "x", "--output", "y", "--rows-per-file", "0"), ScoreCommand.USAGE,
        "--rows-per-file must be at least 1");
  }
}
