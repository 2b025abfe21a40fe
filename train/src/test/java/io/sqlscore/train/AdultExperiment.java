package io.sqlscore.train;

import io.sqlscore.model.ModelConfig;
import java.util.Map;

/** Temporary experiment runner. */
public final class AdultExperiment {
  public static void main(String[] args) {
    String model = args[0];
    ModelConfig config = AdultCsv.config(model);
    InMemoryTrainingData all = AdultCsv.read("adult_train.csv", config);
    InMemoryTrainingData test = AdultCsv.read("adult_test.csv", config);
    InMemoryTrainingData[] parts = all.split(0.1, 7);
    java.util.Map<String, String> opts = new java.util.LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      opts.put(args[i], args[i + 1]);
    }
    TrainOptions options = TrainOptions.parse(opts);
    long t0 = System.nanoTime();
    TrainedModel trained = Trainer.train(config, parts[0], parts[1], options,
        s -> System.out.printf("epoch %d loss %.4f %s %.4f rows/s %.0f %.1fs%s%n", s.epoch(), s.trainLoss(), s.metricName(),
            s.validationMetric(), s.rowsPerSecond(), s.seconds(), s.best() ? " *" : ""), () -> false);
    try (PackageScorer scorer = new PackageScorer(options.threads())) {
      double auc = scorer.score(trained.toPackage("t"), test).metric(true);
      System.out.printf("best epoch %d val %.4f test AUC %.4f total %.1fs%n", trained.bestEpoch(), trained.validationMetric(), auc,
          (System.nanoTime() - t0) / 1e9);
    }
  }
}
