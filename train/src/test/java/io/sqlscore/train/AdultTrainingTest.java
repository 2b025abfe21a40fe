package io.sqlscore.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.model.ModelConfig;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trains the bundled Adult models' architectures (config and features of
 * sql-examples/models/adult-*) from scratch on adult_train.csv (10% held out for early
 * stopping) for three epochs, and checks test AUC on adult_test.csv against a floor below the
 * reference (0.9090 and 0.9085 after full training; the full runs are {@code ./sqlscore
 * bench-train}).
 */
class AdultTrainingTest {
  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void threeEpochsReachTheFloor(String model) {
    ModelConfig config = AdultCsv.config(model);
    InMemoryTrainingData[] parts = AdultCsv.read("adult_train.csv", config).split(0.1, 2025);
    InMemoryTrainingData test = AdultCsv.read("adult_test.csv", config);
    TrainOptions options = TrainOptions.parse(
        Map.of("epochs", "3", "batch_size", "512", "learning_rate", "2e-3", "threads", "2", "seed", "2025"));
    TrainedModel trained = Trainer.train(config, parts[0], parts[1], options, null, null);
    try (PackageScorer scorer = new PackageScorer(2)) {
      double auc = scorer.score(trained.toPackage(model), test).metric(true);
      assertTrue(auc >= 0.90, model + " test AUC " + auc + " after 3 epochs, floor 0.90");
    }
  }
}
