package io.sqlscore.flink;

import static io.sqlscore.flink.Planning.planningFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.model.ModelPackage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.ml.ModelProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the provider checks when a job is planned, before any row is read: the model reference,
 * the Flink model's INPUT (names and types against the features) and OUTPUT (score and
 * explanation columns), the options; and what it pins (the version an alias names at planning).
 */
class ModelValidationTest {
  @TempDir
  static Path dir;

  private static Path registry;
  private static TableEnvironment flink;
  private static final String ARMNET = "'package' = '" + AdultFlink.modelPackage("models/adult-armnet_plus") + "'";

  @BeforeAll
  static void registryAndTable() throws Exception {
    registry = dir.resolve("models.duckdb");
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + registry);
        Statement s = c.createStatement()) {
      s.execute("CREATE MODEL adult FROM '" + AdultFlink.modelPackage("models/adult-armnet_plus") + "'");
      s.execute("CREATE MODEL adult FROM '" + AdultFlink.modelPackage("models/adult-autoint_plus") + "'");
      s.execute("ALTER MODEL adult SET ALIAS prod = 1");
    }
    flink = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    flink.executeSql(AdultFlink.tableDdl("adult", AdultFlink.csvDirectory(dir, 10)));
  }

  private static PlannedModel model(String name, String input, String output, String options) {
    flink.executeSql("CREATE TEMPORARY MODEL " + name + " INPUT (" + input + ") OUTPUT (" + output
        + ") WITH ('provider' = 'sqlscore', " + options + ")");
    return new PlannedModel(name);
  }

  private static PlannedModel model(String name, String output, String options) {
    return model(name, AdultFlink.INPUT, output, options);
  }

  /** A Flink model whose planning is expected to fail. */
  private record PlannedModel(String name) {
    void fails(ErrorCode code, String... fragments) {
      planningFails(flink, AdultFlink.predict("*", "adult", name), code, fragments);
    }
  }

  @Test
  void aliasIsResolvedAndPinnedWhenPlanned() throws Exception {
    model("pinned", "score DOUBLE", "'registry' = '" + registry + "', 'model' = 'adult@prod'");
    SqlscoreModelProvider provider = Planning.provider(flink, "pinned");
    String sha256 = ModelPackage.open(AdultFlink.modelPackage("models/adult-armnet_plus")).sha256();
    assertEquals("adult@1", provider.plan().model().label());
    assertTrue(provider.toString().contains("adult@1 (registry " + registry + " adult@1, sha256 "
        + sha256.substring(0, 12) + ")"), provider.toString());
    model("latest", "score DOUBLE", "'registry' = '" + registry + "', 'model' = 'adult'");
    assertEquals("adult@2", Planning.provider(flink, "latest").plan().model().label());
  }

  @Test
  void unknownModelAliasOrVersionFailsAtPlanning() {
    String db = "'registry' = '" + registry + "', ";
    model("no_alias", "score DOUBLE", db + "'model' = 'adult@staging'")
        .fails(ErrorCode.ALIAS_NOT_FOUND, "staging", "adult");
    model("no_model", "score DOUBLE", db + "'model' = 'churn'").fails(ErrorCode.MODEL_NOT_FOUND, "churn");
    model("no_version", "score DOUBLE", db + "'model' = 'adult@7'").fails(ErrorCode.VERSION_NOT_FOUND, "7");
    model("no_database", "score DOUBLE", "'registry' = '" + dir.resolve("none.duckdb") + "', 'model' = 'adult'")
        .fails(ErrorCode.MODEL_NOT_FOUND, "none.duckdb", "no such database file");
    model("no_package", "score DOUBLE", "'package' = '" + dir.resolve("nothing.zip") + "'")
        .fails(ErrorCode.MODEL_PACKAGE_NOT_FOUND, "nothing.zip");
    model("no_source", "score DOUBLE", "'batch-size' = '16'")
        .fails(ErrorCode.INVALID_SETTING, "'registry'", "'package'");
    model("both_sources", "score DOUBLE", ARMNET + ", 'model' = 'adult'")
        .fails(ErrorCode.INVALID_SETTING, "not both");
  }

  @Test
  void inputMustBeTheFeaturesInOrderWithTypesTheyTake() {
    model("reordered", AdultFlink.INPUT.replace("age INT, workclass STRING", "workclass STRING, age INT"),
        "score DOUBLE", ARMNET);
    planningFails(flink, AdultFlink.predict("*", "adult", "reordered").replace("(age, workclass", "(workclass, age"),
        ErrorCode.FEATURE_MISMATCH, "INPUT column 1 of the Flink model is 'workclass' but feature 1 of model "
            + "reordered is 'age'");
    model("short", AdultFlink.INPUT.replace(", native_country STRING", ""), "score DOUBLE", ARMNET);
    planningFails(flink, AdultFlink.predict("*", "adult", "short").replace(", native_country)", ")"),
        ErrorCode.FEATURE_MISMATCH, "takes 14 features", "INPUT has 13 columns");
    flink.executeSql("CREATE TEMPORARY VIEW adult_flags AS SELECT id, age > 40 AS age, "
        + AdultFlink.FEATURES.substring("age, ".length()) + " FROM adult");
    flink.executeSql("CREATE TEMPORARY MODEL flags INPUT (" + AdultFlink.INPUT.replace("age INT", "age BOOLEAN")
        + ") OUTPUT (score DOUBLE) WITH ('provider' = 'sqlscore', " + ARMNET + ")");
    planningFails(flink, AdultFlink.predict("*", "adult_flags", "flags"), ErrorCode.FEATURE_MISMATCH,
        "model flags: feature 'age'", "cannot take column 'age', a BOOLEAN column");
  }

  @Test
  void outputMustBeScoreOrExplanation() {
    model("int_score", "score INT", ARMNET).fails(ErrorCode.TYPE_MISMATCH, "OUTPUT column 'score'", "INT",
        "DOUBLE");
    model("explained_without_k", AdultFlink.scoreAndExplanation("score", "why"), ARMNET)
        .fails(ErrorCode.INVALID_SETTING, "'why'", "'explain'");
    model("k_without_column", "score DOUBLE", ARMNET + ", 'explain' = '3'")
        .fails(ErrorCode.INVALID_SETTING, "'explain' = '3' needs an OUTPUT column");
    model("k_zero", AdultFlink.scoreAndExplanation("score", "why"), ARMNET + ", 'explain' = '0'")
        .fails(ErrorCode.INVALID_SETTING, "from 1 to 10000");
    model("two_scores", "score DOUBLE, score2 DOUBLE", ARMNET).fails(ErrorCode.TYPE_MISMATCH, "'score2'");
    String wrongRow = ExplanationRows.TYPE.toString().replace("support_order", "support");
    model("wrong_row", "why " + wrongRow, ARMNET + ", 'explain' = '3'").fails(ErrorCode.TYPE_MISMATCH, "'why'");
  }

  @Test
  void optionsAreChecked() {
    model("bad_device", "score DOUBLE", ARMNET + ", 'device' = 'tpu'").fails(ErrorCode.INVALID_SETTING, "'tpu'");
    model("bad_batch", "score DOUBLE", ARMNET + ", 'batch-size' = '0'").fails(ErrorCode.INVALID_SETTING,
        "'batch-size'");
    model("bad_delay", "score DOUBLE", ARMNET + ", 'max-delay' = '0 ms'").fails(ErrorCode.INVALID_SETTING,
        "'max-delay'");
    model("unknown_option", "score DOUBLE", ARMNET + ", 'batchsize' = '8'");
    Throwable e = assertThrows(ValidationException.class,
        () -> flink.explainSql(AdultFlink.predict("*", "adult", "unknown_option")));
    assertTrue(rootMessage(e).contains("batchsize"), rootMessage(e));
  }

  @Test
  void asyncBatchesAreBoundedByMaxConcurrentOperations() {
    model("batched", "score DOUBLE", ARMNET + ", 'batch-size' = '512'");
    SqlscoreModelProvider provider = Planning.provider(flink, "batched");
    assertTrue(provider.createAsyncPredictFunction(context(Map.of())).toString()
        .contains("batches of up to 5 rows"), "half Flink's default max-concurrent-operations, 10");
    assertTrue(provider.createAsyncPredictFunction(context(Map.of("max-concurrent-operations", "1024"))).toString()
        .contains("batches of up to 512 rows"));
    assertTrue(provider.createAsyncPredictFunction(context(Map.of("max-concurrent-operations", "1023"))).toString()
        .contains("batches of up to 511 rows"));
    assertTrue(provider.createAsyncPredictFunction(context(Map.of("max-concurrent-operations", "1"))).toString()
        .contains("batches of up to 1 rows"));
  }

  private static ModelProvider.Context context(Map<String, String> runtimeConfig) {
    return new ModelProvider.Context() {
      @Override
      public org.apache.flink.table.catalog.ResolvedCatalogModel getCatalogModel() {
        return null;
      }

      @Override
      public Configuration runtimeConfig() {
        return Configuration.fromMap(runtimeConfig);
      }
    };
  }

  private static String rootMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
