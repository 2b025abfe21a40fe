package io.sqlscore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.cpu.CpuBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bench-kernel's ONNX Runtime peer runs the shared folder's ONNX exports on the same encoded rows
 * as the kernels and gets their logits (skipped where ../shared is absent: the exports are never
 * committed).
 */
class OnnxPeerTest {
  private static final Path SHARED = Path.of(System.getProperty("sqlscore.shared", "../../shared"));
  private static final Path REPO = Path.of(System.getProperty("sqlscore.repo", ".."));

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void givesTheKernelsLogitsOnTheSameRows(String name) {
    Path dir = SHARED.resolve("models").resolve(name);
    assumeTrue(Files.isRegularFile(dir.resolve("model.onnx")), "skipped: no ONNX export at " + dir);
    ModelPackage pkg = ModelPackage.open(dir);
    FeatureBatch rows = KernelThroughput.testRows(pkg, name, null, SHARED, REPO).slice(0, 300);
    List<FeatureBatch> batches = KernelThroughput.batches(rows, 100);
    try (OnnxPeer peer = new OnnxPeer(dir.resolve("model.onnx"), 2, false);
        CompiledModel model = new CpuBackend().compile(pkg)) {
      peer.prepare(batches);
      for (int b = 0; b < batches.size(); b++) {
        double[] ours = model.forward(batches.get(b), Outputs.NONE).logits();
        float[] theirs = peer.logits(b);
        assertEquals(ours.length, theirs.length);
        for (int i = 0; i < ours.length; i++) {
          assertEquals(ours[i], theirs[i], 2e-4 * Math.max(1, Math.abs(ours[i])), name + " batch " + b + " row " + i);
        }
      }
      assertTrue(peer.runFor(0.01) > 0);
    }
  }

  @Test
  void aFileThatIsNoModelIsAUserError() throws Exception {
    Path notAModel = Files.createTempFile("not-a-model", ".onnx");
    try {
      Files.writeString(notAModel, "not an ONNX graph");
      SqlscoreException e = assertThrows(SqlscoreException.class, () -> new OnnxPeer(notAModel, 1, true));
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
      assertTrue(e.getMessage().contains("ONNX Runtime cannot load " + notAModel), e.getMessage());
    } finally {
      Files.delete(notAModel);
    }
  }
}
