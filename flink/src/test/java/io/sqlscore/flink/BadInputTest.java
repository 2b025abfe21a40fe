package io.sqlscore.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.operators.coordination.TaskNotRunningException;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NULL in a feature whose NULL policy is {@code error} fails the job, in both predict
 * functions, with a message naming the model, the feature, the column and the row. (A wrong
 * INPUT type fails when the job is planned: {@link ModelValidationTest}.)
 */
class BadInputTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = AdultFlink.cluster(1);

  @Test
  void nullWithErrorPolicyFailsTheJob(@TempDir Path dir) throws Exception {
    List<String> lines = Files.readAllLines(AdultFlink.testCsv()).subList(1, 4);
    String[] second = lines.get(1).split(",", -1);
    second[1] = "";
    Path table = Files.createDirectories(dir.resolve("rows"));
    Files.write(table.resolve("rows.csv"), List.of(lines.get(0), String.join(",", second), lines.get(2)));
    TableEnvironment flink = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    flink.getConfig().set("parallelism.default", "1");
    flink.executeSql(AdultFlink.tableDdl("adult", table));
    flink.executeSql(AdultFlink.modelDdl("strict_adult", "score DOUBLE",
        "'package' = '" + AdultFlink.modelPackage("examples/packages/adult-strict") + "'"));

    for (String config : List.of("", "'async', 'false'")) {
      SqlscoreException error = Planning.sqlscoreCause(failure(flink, config));
      assertEquals(ErrorCode.BAD_FEATURE_VALUE, error.code());
      assertTrue(error.getMessage().contains("model strict_adult: feature 'age' (column 'age'), row 2: the value is "
          + "NULL and the feature's null policy is \"error\""), error.getMessage());
      assertTrue(error.getMessage().contains("ML_PREDICT subtask 1 of 1"), error.getMessage());
    }
  }

  /**
   * How the job fails. When the task fails before the source's split enumerator has told it that
   * no splits are left, Flink may report that lost event ("An OperatorEvent ... was lost",
   * TaskNotRunningException) as the job's failure instead of the task's own; that race is
   * Flink's, so the job runs again, at most three times in all, until the task's failure is the one reported.
   */
  private static Throwable failure(TableEnvironment flink, String config) {
    Throwable failure = null;
    for (int attempt = 0; attempt < 3 && (failure == null || lostEventOnly(failure)); attempt++) {
      failure = assertThrows(Throwable.class, () -> {
        try (CloseableIterator<Row> it =
            flink.executeSql(AdultFlink.predict("score", "adult", "strict_adult", config)).collect()) {
          it.forEachRemaining(row -> { });
        }
      });
    }
    return failure;
  }

  private static boolean lostEventOnly(Throwable failure) {
    boolean lost = false;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SqlscoreException) {
        return false;
      }
      lost |= t instanceof TaskNotRunningException;
    }
    return lost;
  }
}
