package io.sqlscore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.cpu.CpuBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench-kernel <package-dir> [--batch N]... [--rows N] [--threads N] [--data PATH]
 * [--baseline PATH] [--seconds S]}: times the CPU forward pass of one model package on its test
 * rows and prints one JSON line per batch size with rows/s and, when the PyTorch baseline has
 * the same model, batch size and thread count, its rows/s and our ratio to it.
 *
 * <p>Rows come from {@code --data}, else from the Adult test CSV when the package's features
 * are its columns, else from Frappe's test.libsvm in the shared folder
 * ({@code -Dsqlscore.shared}, default {@code ../shared}). Encoding is not timed. Each batch size
 * is warmed up, then timed in three rounds over consecutive batches of the rows; the best round
 * counts, as in the baseline.
 */
public final class KernelBenchCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path packageDir;
  private final List<Integer> batchSizes = new ArrayList<>();
  private int rows = -1;
  private int threads = 2;
  private Path data;
  private Path baseline;
  private double seconds = 1.0;

  private KernelBenchCommand(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      throw usage("missing <package-dir>");
    }
    this.packageDir = Path.of(args[0]);
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw usage("option " + args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--batch":
          batchSizes.add(positive(args[i], value));
          break;
        case "--rows":
          rows = positive(args[i], value);
          break;
        case "--threads":
          threads = positive(args[i], value);
          break;
        case "--data":
          data = Path.of(value);
          break;
        case "--baseline":
          baseline = Path.of(value);
          break;
        case "--seconds":
          seconds = Double.parseDouble(value);
          break;
        default:
          throw usage("unknown option " + args[i]);
      }
    }
    if (batchSizes.isEmpty()) {
      batchSizes.addAll(List.of(1, 64, 4096));
    }
  }

  /** Entry point; prints the JSON lines on standard output. */
  public static void main(String[] args) {
    try {
      new KernelBenchCommand(args).run();
    } catch (SqlscoreException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  private static SqlscoreException usage(String problem) {
    return SqlscoreException.of(
        ErrorCode.INVALID_ARGUMENT,
        "%s; usage: bench-kernel <package-dir> [--batch N]... [--rows N] [--threads N] [--data PATH]"
            + " [--baseline PATH] [--seconds S]",
        problem);
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw usage(option + " needs a positive integer, got " + value);
  }

  private void run() {
    ModelPackage pkg = ModelPackage.open(packageDir);
    String model = packageDir.toAbsolutePath().normalize().getFileName().toString();
    Path shared = Path.of(System.getProperty("sqlscore.shared", "../shared"));
    Path repo = Path.of(System.getProperty("sqlscore.repo", "."));
    FeatureBatch all = KernelThroughput.testRows(pkg, model, data, shared, repo);
    if (rows > 0 && rows < all.rows()) {
      all = all.slice(0, rows);
    }
    JsonNode baselines = readBaseline(baseline != null ? baseline : shared.resolve("baseline.json"));
    try (CompiledModel compiled = new CpuBackend().compile(pkg);
        BatchRunner runner = new BatchRunner()) {
      for (int batch : batchSizes) {
        double rowsPerSecond = KernelThroughput.measure(compiled, runner, all, Math.min(batch, all.rows()), threads, seconds);
        ObjectNode line = JSON.createObjectNode();
        line.put("model", model);
        line.put("kind", pkg.config().kind().configName());
        line.put("backend", CpuBackend.NAME);
        line.put("batch_size", batch);
        line.put("threads", threads);
        line.put("rows", all.rows());
        line.put("rows_per_s", round(rowsPerSecond));
        JsonNode reference = findBaseline(baselines, model, batch);
        if (reference != null) {
          double theirs = reference.get("rows_per_s").asDouble();
          line.put("pytorch_rows_per_s", theirs);
          line.put("ratio", round(rowsPerSecond / theirs));
        }
        System.out.println(line);
      }
    }
  }

  private static JsonNode readBaseline(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot read baseline " + file + ": " + e.getMessage(), e);
    }
  }

  private JsonNode findBaseline(JsonNode baselines, String model, int batch) {
    if (baselines == null || !baselines.has("results") || baselines.path("threads").asInt() != threads) {
      return null;
    }
    for (JsonNode entry : baselines.get("results")) {
      if (entry.path("model").asText().equals(model) && entry.path("batch_size").asInt() == batch) {
        return entry;
      }
    }
    return null;
  }

  private static double round(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.4g", value));
  }
}
