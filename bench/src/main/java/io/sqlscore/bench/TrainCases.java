package io.sqlscore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.train.InMemoryTrainingData;
import io.sqlscore.train.TrainOptions;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.encode.LibsvmReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training benchmarks' cases: a reference model's architecture, its data split and recipe,
 * and the figures to compare with.
 *
 * <p>Adult (bundled): the configs and features of {@code sql-examples/models/adult-*}, trained
 * on {@code adult_train.csv} read through DuckDB and the package's feature encoder, 10% of it
 * held out for early stopping ({@link InMemoryTrainingData#split} with seed 2025), tested on
 * {@code adult_test.csv}; recipe batch 512, learning rate 2e-3, weight decay 1e-4, gradient
 * clip 1, patience 3. Frappe ({@code ../shared}, never copied): each
 * {@code models/frappe-KIND}'s config and the recipe recorded under {@code training} in its
 * metrics.json (learning rate, batch, weight decay, clamp, seed 2025, patience 3), trained on
 * 90% of {@code valid.libsvm} (the same seeded split function, which is not PyTorch's RNG, so
 * the rows differ from the reference's), early-stopped on the other 10%, tested on
 * {@code test.libsvm}.
 */
final class TrainCases {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Seed of the Adult and Frappe splits and runs (the reference recipes'). */
  static final long SEED = 2025;

  /**
   * One case.
   *
   * @param name the reference model's name, e.g. {@code adult-armnet_plus}
   * @param config the architecture (and features, for Adult)
   * @param all every training row (what the PyTorch speed baseline runs one epoch over)
   * @param train the training part
   * @param validation the early-stopping part
   * @param test the test rows
   * @param recipe the training options
   * @param referenceAuc the reference model's test AUC
   * @param target the test AUC to reach
   * @param pytorchRowsPerSecond baseline.json's training rate (NaN when it has none)
   */
  record Case(
      String name,
      ModelConfig config,
      InMemoryTrainingData all,
      InMemoryTrainingData train,
      InMemoryTrainingData validation,
      InMemoryTrainingData test,
      TrainOptions recipe,
      double referenceAuc,
      double target,
      double pytorchRowsPerSecond) {}

  private TrainCases() {}

  /**
   * The cases of {@code data} (adult, frappe or all) and {@code kind} (a model kind or all);
   * Frappe cases are left out, with a line on {@code skipped}, when {@code shared} lacks them.
   */
  static List<Case> load(String data, String kind, Path repo, Path shared, int threads, List<String> skipped) {
    if (!List.of("adult", "frappe", "all").contains(data)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "--data must be adult, frappe or all, not '%s'", data);
    }
    if (!List.of("armnet", "armnet_plus", "autoint", "autoint_plus", "all").contains(kind)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "--kind must be armnet, armnet_plus, autoint, autoint_plus or all, not '%s'", kind);
    }
    List<Case> cases = new ArrayList<>();
    if (data.equals("adult") || data.equals("all")) {
      for (String k : List.of("armnet_plus", "autoint_plus")) {
        if (kind.equals("all") || kind.equals(k)) {
          cases.add(adult(k, repo, shared, threads));
        }
      }
    }
    if (data.equals("frappe") || data.equals("all")) {
      for (String k : List.of("armnet", "armnet_plus", "autoint", "autoint_plus")) {
        if (!kind.equals("all") && !kind.equals(k)) {
          continue;
        }
        Path dir = shared.resolve("models/frappe-" + k);
        if (!Files.isDirectory(dir) || !Files.isRegularFile(shared.resolve("data/frappe/valid.libsvm"))) {
          skipped.add("frappe-" + k + ": " + dir + " or the Frappe data is not there (Frappe is read from ../shared only)");
          continue;
        }
        cases.add(frappe(k, shared, threads));
      }
    }
    return cases;
  }

  private static Case adult(String kind, Path repo, Path shared, int threads) {
    String name = "adult-" + kind;
    Path model = repo.resolve("sql-examples/models/" + name);
    ModelConfig config = ModelConfig.parse(read(model.resolve("config.json")));
    Path dataDir = repo.resolve("sql-examples/data/adult");
    InMemoryTrainingData all = csv(dataDir.resolve("adult_train.csv"), config, name);
    InMemoryTrainingData[] parts = all.split(0.1, SEED);
    TrainOptions recipe = TrainOptions.parse(Map.of(
        "epochs", "30", "patience", "3", "batch_size", "512", "learning_rate", "2e-3", "weight_decay", "1e-4",
        "grad_clip", "1", "seed", Long.toString(SEED), "threads", Integer.toString(threads)));
    double reference = json(model.resolve("metrics.json")).path("auc").asDouble();
    return new Case(name, config, all, parts[0], parts[1], csv(dataDir.resolve("adult_test.csv"), config, name), recipe,
        reference, kind.equals("armnet_plus") ? 0.9070 : 0.9065, pytorchRate(shared, name));
  }

  private static Case frappe(String kind, Path shared, int threads) {
    String name = "frappe-" + kind;
    Path model = shared.resolve("models/" + name);
    ModelConfig config = ModelConfig.parse(read(model.resolve("config.json")));
    JsonNode metrics = json(model.resolve("metrics.json"));
    JsonNode training = metrics.path("training");
    InMemoryTrainingData all = libsvm(shared.resolve("data/frappe/valid.libsvm"), config.nfield());
    InMemoryTrainingData[] parts = all.split(0.1, training.path("seed").asLong(SEED));
    Map<String, String> recipe = new LinkedHashMap<>();
    recipe.put("epochs", "100");
    recipe.put("patience", "3");
    recipe.put("batch_size", training.path("batch_size").asText("1024"));
    recipe.put("learning_rate", training.path("lr").asText("1e-3"));
    recipe.put("weight_decay", training.path("weight_decay").asText("1e-4"));
    recipe.put("grad_clip", Double.toString(Math.abs(training.path("grad_clamp").path(1).asDouble(1))));
    recipe.put("dropout", training.path("dropout").asText("0"));
    recipe.put("seed", training.path("seed").asText(Long.toString(SEED)));
    recipe.put("threads", Integer.toString(threads));
    double reference = metrics.path("auc").asDouble();
    return new Case(name, config, all, parts[0], parts[1], libsvm(shared.resolve("data/frappe/test.libsvm"), config.nfield()),
        TrainOptions.parse(recipe), reference, reference - 0.002, pytorchRate(shared, name));
  }

  private static InMemoryTrainingData csv(Path file, ModelConfig config, String name) {
    FeatureBatch batch = BenchData.fromCsv(file, config, name);
    return new InMemoryTrainingData(config.nfield(), batch.ids(), batch.values(), BenchData.csvColumn(file, "label"));
  }

  private static InMemoryTrainingData libsvm(Path file, int fields) {
    LibsvmReader.Rows rows = LibsvmReader.read(file, fields);
    return new InMemoryTrainingData(fields, rows.batch().ids(), rows.batch().values(), rows.labels());
  }

  /** baseline.json's {@code train} rate of {@code model}, or NaN. */
  private static double pytorchRate(Path shared, String model) {
    Path file = shared.resolve("baseline.json");
    if (!Files.isRegularFile(file)) {
      return Double.NaN;
    }
    for (JsonNode entry : json(file).path("train").path("results")) {
      if (entry.path("model").asText().equals(model)) {
        return entry.path("train_rows_per_s").asDouble();
      }
    }
    return Double.NaN;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode json(Path file) {
    try {
      return JSON.readTree(read(file));
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, file + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
