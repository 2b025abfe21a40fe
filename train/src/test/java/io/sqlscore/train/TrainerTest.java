package io.sqlscore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The training loop on small synthetic data: learning, determinism, early stopping, cancel. */
class TrainerTest {
  private static TrainOptions options(String... pairs) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    map.put("batch_size", "64");
    map.put("learning_rate", "0.01");
    map.put("threads", "2");
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return TrainOptions.parse(map);
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void learnsAnInteractionOfTwoFields(ModelKind kind) {
    ModelConfig config = SyntheticData.config(kind, Task.BINARY);
    InMemoryTrainingData train = SyntheticData.rows(3000, Task.BINARY, 1);
    InMemoryTrainingData validation = SyntheticData.rows(600, Task.BINARY, 2);
    List<EpochStats> seen = new ArrayList<>();
    TrainedModel model = Trainer.train(config, train, validation, options("epochs", "12", "patience", "4"), seen::add, () -> false);
    assertEquals(seen, model.history());
    assertEquals("auc", seen.get(0).metricName());
    // The label is an XOR-like interaction flipped 10% of the time: a perfect model reaches 0.9.
    assertTrue(model.validationMetric() > 0.85, kind + " reached validation AUC " + model.validationMetric());
    EpochStats best = seen.get(model.bestEpoch());
    assertTrue(best.best());
    assertEquals(model.validationMetric(), best.validationMetric());
    for (EpochStats s : seen) {
      assertTrue(s.validationMetric() <= model.validationMetric());
      assertTrue(s.rowsPerSecond() > 0 && s.seconds() > 0 && Double.isFinite(s.trainLoss()));
    }
  }

  @Test
  void sameSeedGivesTheSameBitsWhateverTheThreadCount() {
    ModelConfig config = SyntheticData.config(ModelKind.ARMNET_PLUS, Task.BINARY);
    InMemoryTrainingData train = SyntheticData.rows(700, Task.BINARY, 3);
    InMemoryTrainingData validation = SyntheticData.rows(200, Task.BINARY, 4);
    byte[] one = Trainer.train(config, train, validation, options("epochs", "2", "threads", "1", "dropout", "0.2"), null, null)
        .weightsSafetensors();
    byte[] two = Trainer.train(config, train, validation, options("epochs", "2", "threads", "2", "dropout", "0.2"), null, null)
        .weightsSafetensors();
    byte[] three = Trainer.train(config, train, validation, options("epochs", "2", "threads", "3", "dropout", "0.2"), null, null)
        .weightsSafetensors();
    assertArrayEquals(one, two);
    assertArrayEquals(one, three);
    byte[] otherSeed =
        Trainer.train(config, train, validation, options("epochs", "2", "seed", "9", "dropout", "0.2"), null, null)
            .weightsSafetensors();
    assertFalse(java.util.Arrays.equals(one, otherSeed));
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovement() {
    ModelConfig config = SyntheticData.config(ModelKind.AUTOINT, Task.BINARY);
    InMemoryTrainingData train = SyntheticData.rows(400, Task.BINARY, 5);
    // Validation labels unrelated to the features: the metric wanders, improvements stop soon.
    InMemoryTrainingData noise = SyntheticData.rows(300, Task.BINARY, 6);
    float[] labels = noise.labels();
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextBoolean() ? 1f : 0f;
    }
    TrainedModel model = Trainer.train(config, train, noise, options("epochs", "40", "patience", "2"), null, null);
    List<EpochStats> history = model.history();
    assertTrue(history.size() < 40, "ran " + history.size() + " epochs");
    assertEquals(history.size() - 1 - 2, model.bestEpoch(), "stops two epochs after the best");
    assertFalse(history.get(history.size() - 1).best());
  }

  @Test
  void withoutValidationRowsKeepsTheLastEpoch() {
    ModelConfig config = SyntheticData.config(ModelKind.ARMNET, Task.BINARY);
    TrainedModel model = Trainer.train(
        config, SyntheticData.rows(300, Task.BINARY, 8), null, options("epochs", "3"), null, null);
    assertEquals(2, model.bestEpoch());
    assertTrue(Double.isNaN(model.validationMetric()));
    assertEquals(3, model.history().size());
  }

  @Test
  void cancelBetweenBatchesProducesNothing() {
    ModelConfig config = SyntheticData.config(ModelKind.AUTOINT_PLUS, Task.BINARY);
    AtomicInteger checks = new AtomicInteger();
    List<EpochStats> seen = new ArrayList<>();
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> Trainer.train(
        config, SyntheticData.rows(1000, Task.BINARY, 9), SyntheticData.rows(100, Task.BINARY, 10),
        options("epochs", "5"), seen::add, () -> checks.incrementAndGet() > 20));
    assertEquals(ErrorCode.QUERY_CANCELED, e.code());
    assertTrue(e.getMessage().contains("epoch 2"), e.getMessage());
    assertEquals(1, seen.size());
  }

  @Test
  void regressionPredictsOnTheLabelsScale() {
    ModelConfig config = SyntheticData.config(ModelKind.AUTOINT_PLUS, Task.REGRESSION);
    InMemoryTrainingData validation = SyntheticData.rows(500, Task.REGRESSION, 12);
    TrainedModel model = Trainer.train(
        config, SyntheticData.rows(1500, Task.REGRESSION, 11), validation, options("epochs", "12"), null, null);
    assertEquals("rmse", model.history().get(0).metricName());
    // Labels are 1000 + 50·(x + v) with v uniform over 0..4: standard deviation about 72.
    assertTrue(model.validationMetric() < 15, "validation RMSE " + model.validationMetric());
    try (PackageScorer scorer = new PackageScorer(1)) {
      PackageScorer.Scored scored = scorer.score(model.toPackage("t"), validation);
      assertEquals(model.validationMetric(), Metrics.rmse(scored.scores(), scored.labels()), 1e-9);
    }
  }

  @Test
  void refusesBadLabelsAndTinyData() {
    ModelConfig config = SyntheticData.config(ModelKind.ARMNET, Task.BINARY);
    InMemoryTrainingData data = SyntheticData.rows(100, Task.BINARY, 13);
    data.labels()[17] = 0.5f;
    SqlscoreException e = assertThrows(SqlscoreException.class,
        () -> Trainer.train(config, data, null, options(), null, null));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
    SqlscoreException tiny = assertThrows(SqlscoreException.class, () -> Trainer.train(
        config, new InMemoryTrainingData(5, new int[5], new float[5], new float[1]), null, options(), null, null));
    assertTrue(tiny.getMessage().contains("at least 2 rows"), tiny.getMessage());
  }
}
