package io.sqlscore.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Struct;
import java.util.HashMap;
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
 * ML_PREDICT in batch execution mode on the bundled Adult test rows (a bounded filesystem
 * source), two subtasks, two models chained: ARM-Net+ from a package and AutoInt+ from a
 * registry alias. Every score must equal PREDICT's through the sqlscore JDBC driver on the same
 * rows (within 1e-6), every explanation EXPLAIN_PREDICT's, and each model must be loaded once for
 * both subtasks.
 */
class MlPredictParityTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = AdultFlink.cluster(2);

  @TempDir
  static Path dir;

  /** id → {ARM-Net+ explanation, AutoInt+ explanation} from EXPLAIN_PREDICT; their scores are PREDICT's. */
  private static final Map<Long, Explanation[]> EXPECTED = new HashMap<>();
  private static Path registry;

  @BeforeAll
  static void scoreThroughJdbc() throws Exception {
    registry = dir.resolve("models.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + registry);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE adult_test AS SELECT * FROM read_csv('" + AdultFlink.testCsv()
          + "', header = true, nullstr = '')");
      s.execute("CREATE MODEL adult FROM '" + AdultFlink.modelPackage("models/adult-armnet_plus") + "'");
      s.execute("CREATE MODEL income FROM '" + AdultFlink.modelPackage("models/adult-autoint_plus")
          + "' WITH (alias = 'prod')");
      String f = AdultFlink.FEATURES;
      try (ResultSet rs = s.executeQuery("SELECT id, PREDICT('adult', " + f + "), EXPLAIN_PREDICT('adult', 3, " + f
          + "), PREDICT('income@prod', " + f + "), EXPLAIN_PREDICT('income@prod', 3, " + f + ") FROM adult_test")) {
        while (rs.next()) {
          Explanation arm = Explanation.of((Struct) rs.getObject(3));
          Explanation autoint = Explanation.of((Struct) rs.getObject(5));
          assertEquals(rs.getDouble(2), arm.score(), 0.0);
          assertEquals(rs.getDouble(4), autoint.score(), 0.0);
          EXPECTED.put(rs.getLong(1), new Explanation[] {arm, autoint});
        }
      }
    }
    assertEquals(AdultFlink.ROWS, EXPECTED.size());
  }

  @Test
  void batchModeScoresAndExplainsLikePredict() throws Exception {
    TableEnvironment flink = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    flink.getConfig().set("parallelism.default", "2");
    flink.getConfig().set("table.exec.async-ml-predict.max-concurrent-operations", "1024");
    flink.executeSql(AdultFlink.tableDdl("adult", AdultFlink.csvDirectory(dir, AdultFlink.ROWS)));
    flink.executeSql(AdultFlink.modelDdl("parity_armnet", AdultFlink.scoreAndExplanation("score", "why"),
        "'package' = '" + AdultFlink.modelPackage("models/adult-armnet_plus") + "', 'explain' = '3', "
            + "'batch-size' = '1024'"));
    flink.executeSql(AdultFlink.modelDdl("parity_autoint", AdultFlink.scoreAndExplanation("score2", "why2"),
        "'registry' = '" + registry + "', 'model' = 'income@prod', 'explain' = '3'"));
    flink.executeSql("CREATE TEMPORARY VIEW armnet_scored AS SELECT * FROM ML_PREDICT(TABLE adult, "
        + "MODEL parity_armnet, DESCRIPTOR(" + AdultFlink.FEATURES + "))");
    int compiledBefore = SharedModels.compiledCount();

    int rows = 0;
    try (CloseableIterator<Row> it = flink.executeSql(
        AdultFlink.predict("score, why, score2, why2", "armnet_scored", "parity_autoint")).collect()) {
      while (it.hasNext()) {
        Row row = it.next();
        long id = (Long) row.getField("id");
        Explanation[] expected = EXPECTED.get(id);
        assertNotNull(expected, "row " + id);
        String where = "row " + id;
        assertEquals(expected[0].score(), (Double) row.getField("score"), 1e-6, where + " ARM-Net+ score");
        assertEquals(expected[1].score(), (Double) row.getField("score2"), 1e-6, where + " AutoInt+ score");
        Explanation.assertSame(expected[0], Explanation.of((Row) row.getField("why")), 1e-6, where + " ARM-Net+");
        Explanation.assertSame(expected[1], Explanation.of((Row) row.getField("why2")), 1e-6, where + " AutoInt+");
        rows++;
      }
    }
    assertEquals(AdultFlink.ROWS, rows);
    assertEquals(2, SharedModels.compiledCount() - compiledBefore, "each model is loaded once for both subtasks");
  }
}
