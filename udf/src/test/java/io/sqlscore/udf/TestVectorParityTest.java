package io.sqlscore.udf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.explain.GlobalExplanation;
import io.sqlscore.udf.gpu.GpuBackend;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the reference test vectors (copied from shared/testvectors) against each backend:
 * the CPU always, the GPU where one can be used (tag {@code gpu}; skipped elsewhere).
 */
class TestVectorParityTest {
  private static final double TOL = 1e-5;

  static Stream<String> cases() throws IOException, URISyntaxException {
    Path root = Path.of(TestVectorParityTest.class.getResource("/testvectors").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  static Path caseDir(String name) throws URISyntaxException {
    return Path.of(TestVectorParityTest.class.getResource("/testvectors/" + name).toURI());
  }

  /** The inputs.safetensors of a case as a batch. */
  static FeatureBatch inputs(Path dir) {
    SafeTensors inputs = SafeTensors.open(dir.resolve("inputs.safetensors"));
    long[] shape = inputs.info("ids").shape();
    return new FeatureBatch((int) shape[0], (int) shape[1], inputs.ints("ids"), inputs.floats("values"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void cpuMatchesReference(String name) throws Exception {
    matchesReference(new CpuBackend(), name);
  }

  @Tag("gpu")
  @ParameterizedTest
  @MethodSource("cases")
  void gpuMatchesReference(String name) throws Exception {
    Backend gpu = new GpuBackend();
    assumeTrue(gpu.isAvailable(), () -> "skipped: no GPU here (" + gpu.unavailableReason() + ")");
    matchesReference(gpu, name);
  }

  private static void matchesReference(Backend backend, String name) throws Exception {
    Path dir = caseDir(name);
    ModelPackage pkg = ModelPackage.open(dir);
    SafeTensors expected = SafeTensors.open(dir.resolve("expected.safetensors"));
    JsonNode tolerance = new ObjectMapper().readTree(dir.resolve("config.json").toFile()).get("tolerance");
    FeatureBatch batch = inputs(dir);
    try (CompiledModel model = backend.compile(pkg)) {
      ForwardResult all = model.forward(batch, Outputs.ALL);
      Parity.assertClose(name + " logits_f64ref", expected.floats("logits_f64ref"), all.logits(), TOL);
      Parity.assertClose(
          name + " logits", expected.floats("logits"), all.logits(), tolerance.get("logits").asDouble());
      Parity.assertClose(name + " prob", expected.floats("prob"), all.scores(), TOL);
      if (pkg.config().kind().isArmNet()) {
        Parity.assertClose(name + " gates", expected.floats("gates"), all.gates(), TOL);
        Parity.assertClose(
            name + " interaction_weights", expected.floats("interaction_weights"), all.interactionWeights(), TOL);
        Parity.assertExact(name, expected, "cross_feature_order", all.crossFeatureOrder());
        Parity.assertClose(
            name + " local_importance", expected.floats("local_importance"), Parity.localImportance(pkg.config().kind(), all), TOL);
        Parity.assertClose(
            name + " global_importance", expected.floats("global_importance"), GlobalExplanation.explain(pkg).importance(), TOL);
      } else {
        assertEquals(pkg.config().attnDims().length, all.attentionLayers());
        for (int l = 0; l < all.attentionLayers(); l++) {
          Parity.assertClose(name + " attn_l" + l, expected.floats("attn_l" + l), all.attention(l), TOL);
        }
      }
      ForwardResult plain = model.forward(batch, Outputs.NONE);
      assertArrayEquals(all.logits(), plain.logits(), name + ": logits must not depend on the outputs asked for");
    }
  }
}
