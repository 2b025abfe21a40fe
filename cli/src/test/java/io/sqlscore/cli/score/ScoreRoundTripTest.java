package io.sqlscore.cli.score;

import static io.sqlscore.cli.score.ScoreFixture.names;
import static io.sqlscore.cli.score.ScoreFixture.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.planner.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sqlscore score} end to end in this JVM: Parquet in and out with scores equal to PREDICT
 * over JDBC on the same rows, chunk files of bounded size, a finished job rerun, a rerun with
 * other options, {@code --overwrite}; CSV in and out with explanations; a hive-partitioned folder
 * with {@code --where}.
 */
class ScoreRoundTripTest {
  @TempDir Path dir;

  @AfterEach
  void noArrowMemoryLeft() {
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory left after the test");
  }

  @Test
  void parquetInParquetOutEqualsPredictOverJdbc() throws Exception {
    Path input = dir.resolve("events");
    ScoreFixture.writeParquet(input, ScoreFixture.adultRows(1), 2);
    Path output = dir.resolve("scored");
    String[] args = {"--model", ScoreFixture.autoInt().toString(), "--input", input + "/*.parquet",
        "--output", output.toString(), "--key", "id", "--columns", "age,sex", "--rows-per-file", "5000"};
    ScoreFixture.Run run = score(args);
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("scored 16,281 rows of '" + input + "/*.parquet' (2 Parquet files)"), run.out());
    assertEquals(List.of(".sqlscore.lock", "_SUCCESS", "_sqlscore_manifest.jsonl", "part-00000.parquet",
        "part-00001.parquet", "part-00002.parquet", "part-00003.parquet"), names(output));
    for (int part = 0; part < 4; part++) {
      assertEquals(part < 3 ? 5000 : 1281,
          ScoreFixture.count("SELECT count(*) FROM '" + output.resolve("part-0000" + part + ".parquet") + "'"));
    }
    assertEquals("id,age,sex,score", String.join(",", columns(output.resolve("part-00000.parquet"))));
    Map<Long, Double> expected =
        ScoreFixture.predicted(ScoreFixture.autoInt(), "read_parquet('" + input + "/*.parquet')");
    assertEquals(16_281, expected.size());
    assertEquals(expected, ScoreFixture.scores("read_parquet('" + output + "/part-*.parquet')"));

    ScoreFixture.Run again = score(args);
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().startsWith("nothing to do: folder '" + output + "' already holds this finished job "
        + "(16,281 rows in 4 chunks"), again.out());

    String[] other = args.clone();
    other[other.length - 1] = "4000";
    ScoreFixture.Run refused = score(other);
    assertEquals(ScoreCommand.REFUSED, refused.code());
    assertTrue(refused.err().contains("holds another job: it was started with other options (--rows-per-file was "
        + "'5000', now '4000'); rerun with that job's options to resume it, or add --overwrite"), refused.err());
    assertEquals(1, refused.err().lines().count(), refused.err());

    String[] overwrite = java.util.Arrays.copyOf(other, other.length + 1);
    overwrite[other.length] = "--overwrite";
    assertEquals(0, score(overwrite).code());
    assertEquals(5, names(output).stream().filter(n -> n.startsWith("part-")).count());
    assertEquals(expected, ScoreFixture.scores("read_parquet('" + output + "/part-*.parquet')"));
  }

  @Test
  void csvInCsvOutWithExplanations() throws Exception {
    Path output = dir.resolve("scored-csv");
    ScoreFixture.Run run = score("--model", ScoreFixture.autoInt().toString(), "--input",
        ScoreFixture.adultCsv().toString(), "--output", output.toString(), "--format", "csv", "--key", "id",
        "--explain", "2", "--rows-per-file", "7000");
    assertEquals(0, run.code(), run.err());
    assertEquals(List.of(".sqlscore.lock", "_SUCCESS", "_sqlscore_manifest.jsonl", "part-00000.csv",
        "part-00001.csv", "part-00002.csv"), names(output));
    String parts = "read_csv('" + output + "/part-*.csv', header = true)";
    assertEquals(ScoreFixture.predicted(ScoreFixture.autoInt(),
        "read_csv('" + ScoreFixture.adultCsv() + "', header = true, nullstr = '')"), ScoreFixture.scores(parts));
    assertEquals(16_281, ScoreFixture.count("SELECT count(*) FROM " + parts + " WHERE explanation LIKE '%crosses%'"));
  }

  @Test
  void hivePartitionedFolderWithWhere() throws Exception {
    Path input = dir.resolve("warehouse");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT *, id % 3 AS day FROM read_csv('" + ScoreFixture.adultCsv() + "', header = true, "
          + "nullstr = '')) TO '" + input + "' (FORMAT parquet, PARTITION_BY (day))");
    }
    Path output = dir.resolve("day1");
    ScoreFixture.Run run = score("--model", ScoreFixture.autoInt().toString(), "--input", input.toString(),
        "--output", output.toString(), "--key", "id,day", "--where", "day = 1");
    assertEquals(0, run.code(), run.err());
    String parts = "read_parquet('" + output + "/part-*.parquet')";
    assertEquals(5427, ScoreFixture.count("SELECT count(*) FROM " + parts));
    assertEquals(0, ScoreFixture.count("SELECT count(*) FROM " + parts + " WHERE day <> 1"));
    Map<Long, Double> all = ScoreFixture.predicted(ScoreFixture.autoInt(),
        "read_parquet('" + input + "/**/*.parquet') WHERE day = 1");
    assertEquals(all, ScoreFixture.scores(parts));
    assertTrue(Files.exists(output.resolve("_SUCCESS")));
  }

  private static List<String> columns(Path parquet) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT * FROM '" + parquet + "' LIMIT 0")) {
      List<String> names = new java.util.ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        names.add(rs.getMetaData().getColumnName(i));
      }
      return names;
    }
  }
}
