package io.sqlscore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.Task;
import io.sqlscore.train.nn.ReferenceLoss;
import io.sqlscore.train.nn.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A trained model is a standard package. "The trained version" is the package the trainer
 * returns ({@link TrainedModel#toPackage}, the best epoch's weights.safetensors bytes): written
 * to a directory or zip and opened again, it scores bit for bit the same through the CPU
 * backend. Separately, the package computes what the trained network computes: the kernels'
 * scores match an independent double-precision eval-mode forward of the trainer's own
 * parameters, with the gate temperature and the regression label scale folded in.
 */
class PackageRoundTripTest {
  @Test
  void writtenAndReopenedPackagesScoreBitForBitLikeTheTrainedVersion(@TempDir Path dir) {
    ModelConfig config = SyntheticData.config(ModelKind.ARMNET_PLUS, Task.BINARY);
    InMemoryTrainingData rows = SyntheticData.rows(600, Task.BINARY, 1);
    TrainOptions options = TrainOptions.parse(Map.of(
        "epochs", "2", "batch_size", "64", "gate_temperature", "0.3", "dropout", "0.1", "threads", "2"));
    TrainedModel trained = Trainer.train(config, rows, SyntheticData.rows(100, Task.BINARY, 2), options, null, null);
    ModelPackage original = trained.toPackage("trained");
    trained.writePackage(dir.resolve("pkg"));
    trained.writePackage(dir.resolve("pkg.zip"));
    try (PackageScorer scorer = new PackageScorer(2)) {
      double[] expected = scorer.score(original, rows).scores();
      for (Path path : List.of(dir.resolve("pkg"), dir.resolve("pkg.zip"))) {
        ModelPackage reopened = ModelPackage.open(path);
        assertEquals(original.sha256(), reopened.sha256());
        assertArrayEquals(expected, scorer.score(reopened, rows).scores(), path.toString());
        assertTrue(reopened.metrics().orElseThrow().get("history").size() == 2);
        assertEquals(trained.bestEpoch(), reopened.metrics().orElseThrow().get("best_epoch").asInt());
      }
    }
    ByteBuffer counter = original.weights().bytes().order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("I64", original.weights().info("arm_bn.num_batches_tracked").dtype().name());
    assertEquals(2 * 10, counter.getLong(
        (int) (8 + counter.getLong(0) + original.weights().info("arm_bn.num_batches_tracked").begin())));
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void packageComputesTheTrainedNetworkWithTemperatureAndLabelScaleFolded(ModelKind kind) {
    ModelConfig config = SyntheticData.config(kind, Task.REGRESSION);
    InMemoryTrainingData rows = SyntheticData.rows(256, Task.REGRESSION, 3);
    double temperature = kind.isArmNet() ? 0.3 : 1.0;
    TrainOptions options = TrainOptions.parse(Map.of(
        "batch_size", "64", "gate_temperature", Double.toString(temperature), "threads", "1", "learning_rate", "0.01"));
    double mean = 1000;
    double scale = 50;
    try (TrainingSession session = new TrainingSession(config, options, mean, scale);
        PackageScorer scorer = new PackageScorer(1)) {
      rows.forEachBatch(1, 0, 64, session::step);
      rows.forEachBatch(1, 1, 64, session::step);
      Map<String, double[]> parameters = new LinkedHashMap<>();
      for (Tensor t : session.parameters().all().values()) {
        double[] copy = new double[t.size()];
        for (int i = 0; i < copy.length; i++) {
          copy[i] = t.data()[i];
        }
        parameters.put(t.name(), copy);
      }
      ReferenceLoss oracle = new ReferenceLoss(config, parameters, temperature, 0f, 1, 0);
      int n = (int) rows.rows();
      int[][] ids = new int[n][SyntheticData.FIELDS];
      float[][] values = new float[n][SyntheticData.FIELDS];
      rows.forEachBatchInOrder(n, b -> {
        for (int r = 0; r < n; r++) {
          for (int f = 0; f < SyntheticData.FIELDS; f++) {
            ids[r][f] = b.ids()[r * SyntheticData.FIELDS + f];
            values[r][f] = b.values()[r * SyntheticData.FIELDS + f];
          }
        }
      });
      double[] logits = oracle.evalLogits(ids, values);
      double[] packaged = scorer.score(session.snapshot("s"), rows).scores();
      for (int r = 0; r < n; r++) {
        double expected = logits[r] * scale + mean;
        assertEquals(expected, packaged[r], 1e-4 * Math.abs(expected), kind + " row " + r);
      }
    }
  }
}
