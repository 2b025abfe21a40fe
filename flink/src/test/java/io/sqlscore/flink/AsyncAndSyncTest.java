package io.sqlscore.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asynchronous function (batches) and the synchronous one (a row at a time, with
 * {@code 'async' = 'false'}) score the same rows alike; in the ORDERED output mode, Flink's
 * default, the asynchronous results come out in input order, and ALLOW_UNORDERED loses no row.
 */
class AsyncAndSyncTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = AdultFlink.cluster(1);

  private static final int ROWS = 3_000;

  @TempDir
  static Path dir;

  private static TableEnvironment flink;

  @BeforeAll
  static void tables() throws IOException {
    flink = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    flink.getConfig().set("parallelism.default", "1");
    flink.executeSql(AdultFlink.tableDdl("adult", AdultFlink.csvDirectory(dir, ROWS)));
    flink.executeSql(AdultFlink.modelDdl("modes_autoint", "score DOUBLE",
        "'package' = '" + AdultFlink.modelPackage("examples/packages/adult-autoint_plus.zip") + "', "
            + "'batch-size' = '256'"));
  }

  private static List<Row> run(String config) throws Exception {
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it =
        flink.executeSql(AdultFlink.predict("score", "adult", "modes_autoint", config)).collect()) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  @Test
  void asyncKeepsInputOrderAndSyncScoresTheSame() throws Exception {
    List<Row> async = run("'max-concurrent-operations', '512'");
    List<Row> sync = run("'async', 'false'");
    Map<Long, Double> expected = AdultFlink.expectedScores("models/adult-autoint_plus");
    assertEquals(ROWS, async.size());
    assertEquals(ROWS, sync.size());
    for (int i = 0; i < ROWS; i++) {
      long id = (Long) async.get(i).getField("id");
      assertEquals(i, id, "ORDERED output keeps the input order");
      assertEquals(expected.get(id), (Double) async.get(i).getField("score"), 1e-6, "row " + id);
      assertEquals(id, (Long) sync.get(i).getField("id"));
      assertEquals((Double) async.get(i).getField("score"), (Double) sync.get(i).getField("score"), 0.0,
          "sync and async scores of row " + id);
    }
  }

  @Test
  void unorderedOutputLosesNoRow() throws Exception {
    Map<Long, Double> expected = AdultFlink.expectedScores("models/adult-autoint_plus");
    Map<Long, Double> scored = new HashMap<>();
    for (Row row : run("'output-mode', 'ALLOW_UNORDERED', 'max-concurrent-operations', '100'")) {
      scored.put((Long) row.getField("id"), (Double) row.getField("score"));
    }
    assertEquals(ROWS, scored.size());
    scored.forEach((id, score) -> assertEquals(expected.get(id), score, 1e-6, "row " + id));
  }
}
