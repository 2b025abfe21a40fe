package io.sqlscore.udf.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.Auc;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.explain.GlobalExplanation;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.Parity;
import io.sqlscore.udf.encode.LibsvmReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The four reference-trained Frappe models (read from ../shared, never committed: the data's
 * licence forbids redistribution) against their expected_test_head.safetensors and metrics.json.
 */
class FrappeParityTest {
  private static final Path SHARED = Path.of(System.getProperty("sqlscore.shared", "../../shared"));
  private static final BatchRunner RUNNER = new BatchRunner();

  @AfterAll
  static void stopRunner() {
    RUNNER.close();
  }

  private static Path modelDir(String name) {
    Path dir = SHARED.resolve("models").resolve(name);
    assumeTrue(
        Files.isDirectory(dir),
        "skipped: " + dir + " is absent (Frappe models live in the shared folder beside the repo, set"
            + " -Dsqlscore.shared to point at it)");
    return dir;
  }

  @ParameterizedTest
  @ValueSource(strings = {"frappe-armnet", "frappe-armnet_plus", "frappe-autoint", "frappe-autoint_plus"})
  void reproducesExpectedHead(String name) throws Exception {
    Path dir = modelDir(name);
    ModelPackage pkg = ModelPackage.open(dir);
    SafeTensors expected = SafeTensors.open(dir.resolve("expected_test_head.safetensors"));
    JsonNode tolerance = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("config.json").toFile()).get("tolerance");
    long[] shape = expected.info("ids").shape();
    FeatureBatch batch =
        new FeatureBatch((int) shape[0], (int) shape[1], expected.ints("ids"), expected.floats("values"));
    try (CompiledModel model = new CpuBackend().compile(pkg)) {
      ForwardResult result = RUNNER.forward(model, batch, Outputs.ALL, 2);
      Parity.assertClose(name + " logits_f64ref", expected.floats("logits_f64ref"), result.logits(), 1e-5);
      Parity.assertClose(
          name + " logits",
          expected.floats("logits"),
          result.logits(),
          tolerance.get("logits_vs_logits").asDouble());
      if (pkg.config().kind().isArmNet()) {
        Parity.assertClose(
            name + " prob vs sigmoid(logits_f64ref)",
            toFloats(Parity.sigmoid(expected.floats("logits_f64ref"))),
            result.scores(),
            1e-5);
        Parity.assertPrefixClose(name + " gates", expected.floats("gates_first16"), result.gates(), 1e-5);
        Parity.assertPrefixClose(
            name + " interaction_weights",
            expected.floats("interaction_weights_first16"),
            result.interactionWeights(),
            1e-5);
        Parity.assertExact(name, expected, "cross_feature_order", result.crossFeatureOrder());
        Parity.assertClose(
            name + " local_importance", expected.floats("local_importance"), Parity.localImportance(pkg.config().kind(), result), 1e-5);
        Parity.assertClose(
            name + " global_importance", expected.floats("global_importance"), GlobalExplanation.explain(pkg).importance(), 1e-5);
      } else {
        Parity.assertClose(name + " prob", expected.floats("prob"), result.scores(), 1e-5);
        for (int l = 0; l < result.attentionLayers(); l++) {
          Parity.assertPrefixClose(
              name + " attn_l" + l, expected.floats("attn_l" + l + "_first16"), result.attention(l), 1e-5);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"frappe-armnet", "frappe-armnet_plus", "frappe-autoint", "frappe-autoint_plus"})
  void fullTestSetAucMatchesMetrics(String name) {
    Path dir = modelDir(name);
    Path data = SHARED.resolve("data/frappe/test.libsvm");
    assumeTrue(Files.isRegularFile(data), "skipped: " + data + " is absent");
    ModelPackage pkg = ModelPackage.open(dir);
    LibsvmReader.Rows rows = LibsvmReader.read(data, pkg.config().nfield());
    try (CompiledModel model = new CpuBackend().compile(pkg)) {
      ForwardResult result = RUNNER.forward(model, rows.batch(), Outputs.NONE, 2);
      JsonNode metrics = pkg.metrics().orElseThrow();
      assertEquals(metrics.get("rows").asInt(), rows.batch().rows());
      assertEquals(metrics.get("auc").asDouble(), Auc.of(result.scores(), rows.labels()), 1e-4, name + " AUC");
    }
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
