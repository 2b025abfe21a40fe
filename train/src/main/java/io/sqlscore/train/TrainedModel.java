package io.sqlscore.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelPackage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The result of a run: the weights of the best epoch as a package, and the run's history.
 *
 * @param config the model's config (config.json is its {@link ModelConfig#rawJson()})
 * @param weightsSafetensors weights.safetensors bytes (the trained version: scoring the package
 *     these bytes make is scoring the trained model)
 * @param history one entry per epoch run
 * @param bestEpoch the epoch whose weights these are
 * @param validationMetric the validation metric of those weights (NaN without validation rows)
 */
public record TrainedModel(
    ModelConfig config, byte[] weightsSafetensors, List<EpochStats> history, int bestEpoch, double validationMetric) {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The package these weights and config make, named {@code source} in messages. */
  public ModelPackage toPackage(String source) {
    return ModelPackage.of(config.rawJson(), ByteBuffer.wrap(weightsSafetensors), metricsJson(), null, source);
  }

  /** metrics.json: the validation metric, the best epoch and the per-epoch history. */
  public byte[] metricsJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    String metric = history.isEmpty() ? "auc" : history.get(0).metricName();
    root.put("split", "validation");
    if (Double.isFinite(validationMetric)) {
      root.put(metric, validationMetric);
    }
    root.put("best_epoch", bestEpoch);
    root.put("epochs_run", history.size());
    List<Map<String, Object>> epochs = new ArrayList<>();
    for (EpochStats s : history) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("epoch", s.epoch());
      e.put("train_loss", s.trainLoss());
      if (Double.isFinite(s.validationMetric())) {
        e.put("validation_" + s.metricName(), s.validationMetric());
      }
      e.put("rows_per_s", Math.round(s.rowsPerSecond()));
      e.put("seconds", Math.round(s.seconds() * 1000) / 1000.0);
      epochs.add(e);
    }
    root.put("history", epochs);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "cannot write metrics.json", e);
    }
  }

  /**
   * Writes config.json, weights.safetensors and metrics.json into directory {@code path}
   * (created if missing), or into a zip when the path ends with {@code .zip}.
   *
   * @throws SqlscoreException IO_ERROR naming the path when it cannot be written
   */
  public void writePackage(Path path) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(ModelPackage.CONFIG, config.rawJson());
    files.put(ModelPackage.WEIGHTS, weightsSafetensors);
    files.put(ModelPackage.METRICS, metricsJson());
    try {
      if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
        if (path.toAbsolutePath().getParent() != null) {
          Files.createDirectories(path.toAbsolutePath().getParent());
        }
        try (OutputStream file = Files.newOutputStream(path);
            ZipOutputStream zip = new ZipOutputStream(file)) {
          for (Map.Entry<String, byte[]> f : files.entrySet()) {
            zip.putNextEntry(new ZipEntry(f.getKey()));
            zip.write(f.getValue());
            zip.closeEntry();
          }
        }
      } else {
        Files.createDirectories(path);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          Files.write(path.resolve(f.getKey()), f.getValue());
        }
      }
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot write the model package to " + path + ": " + e.getMessage(), e);
    }
  }
}
