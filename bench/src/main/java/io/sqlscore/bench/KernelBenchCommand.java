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
 * [--baseline PATH] [--seconds S] [--warmup S] [--peer onnx MODEL.onnx] [--peer-spin on|off]}: times the CPU forward
 * pass of one model package on its test rows and prints one JSON line per batch size with
 * rows/s and, when the PyTorch baseline has the same model, batch size and thread count, its
 * rows/s and our ratio to it, and the GFLOP/s those rows/s mean ({@link ModelWork}: multiply-adds
 * of the matrix products; exponentials and entmax powers are reported beside, not counted).
 *
 * <p>Rows come from {@code --data}, else from the Adult test CSV when the package's features
 * are its columns, else from Frappe's test.libsvm in the shared folder
 * ({@code -Dsqlscore.shared}, default {@code ../shared}). Encoding is not timed. Each batch size
 * is warmed up ({@code --warmup}, default 5 s: at one-row batches the JIT needs seconds to
 * compile the Vector API kernels), then timed in three rounds of {@code --seconds} over
 * consecutive batches of the rows; the best round counts, as in the baseline.
 *
 * <p>With {@code --peer onnx MODEL.onnx} ONNX Runtime runs the model's ONNX export
 * ({@link OnnxPeer}) on the same batches with as many intra-op threads, in the same JVM: both
 * are warmed up, then the rounds alternate between them (who goes first alternates too) and the
 * line adds ONNX Runtime's best rows/s, the ratio of the two bests, the range of the per-round
 * ratios, and the largest scaled difference between the two logits on the first 4096 rows (a
 * check that the export is this package's model). Without the file the peer is skipped and the line
 * says so. {@code --peer-spin off} makes ONNX Runtime's waiting threads sleep instead of spin
 * (see {@link OnnxPeer}); the line says which ({@code onnx_spinning}).
 */
public final class KernelBenchCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROUNDS = 3;
  /** Rows (from the first batches) on which the peer's logits are compared with ours. */
  private static final int CHECKED_ROWS = 4096;

  private final Path packageDir;
  private final List<Integer> batchSizes = new ArrayList<>();
  private int rows = -1;
  private int threads = 2;
  private Path data;
  private Path baseline;
  private double seconds = 1.0;
  private double warmUp = 5.0;
  private Path onnx;
  private boolean peerSpins = true;

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
        case "--peer":
          if (!value.equals("onnx") || i + 2 >= args.length) {
            throw usage("--peer needs 'onnx' and the path of the model's ONNX export");
          }
          onnx = Path.of(args[i + 2]);
          i++;
          break;
        case "--peer-spin":
          if (!value.equals("on") && !value.equals("off")) {
            throw usage("--peer-spin needs on or off");
          }
          peerSpins = value.equals("on");
          break;
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
          seconds = secondsAtLeast(args[i], value, 0.1);
          break;
        case "--warmup":
          warmUp = secondsAtLeast(args[i], value, 0);
          break;
        default:
          throw usage("unknown option " + args[i]);
      }
    }
    if (batchSizes.isEmpty()) {
      batchSizes.addAll(List.of(1, 64, 4096));
    }
  }

  /** Runs the benchmark; prints the JSON lines on standard output. */
  static void run(String[] args) {
    new KernelBenchCommand(args).run();
  }

  private static SqlscoreException usage(String problem) {
    return SqlscoreException.of(
        ErrorCode.INVALID_ARGUMENT,
        "%s; usage: bench-kernel <package-dir> [--batch N]... [--rows N] [--threads N] [--data PATH]"
            + " [--baseline PATH] [--seconds S] [--warmup S] [--peer onnx MODEL.onnx] [--peer-spin on|off]",
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

  private static double secondsAtLeast(String option, String value, double min) {
    try {
      double s = Double.parseDouble(value);
      if (s >= min && s < Double.POSITIVE_INFINITY) {
        return s;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw usage(option + " needs a number of seconds of at least " + min + ", got " + value);
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
    String peerSkipped = null;
    if (onnx != null && !Files.isRegularFile(onnx)) {
      peerSkipped = onnx + " does not exist (the ONNX exports are ../shared/models/<model>/model.onnx)";
      System.err.println("bench-kernel: ONNX Runtime peer skipped: " + peerSkipped);
    }
    try (CompiledModel compiled = new CpuBackend().compile(pkg);
        BatchRunner runner = new BatchRunner();
        OnnxPeer peer = onnx != null && peerSkipped == null ? new OnnxPeer(onnx, threads, peerSpins) : null) {
      for (int batch : batchSizes) {
        ObjectNode line = JSON.createObjectNode();
        line.put("model", model);
        line.put("kind", pkg.config().kind().configName());
        line.put("backend", CpuBackend.NAME);
        line.put("batch_size", batch);
        line.put("threads", threads);
        line.put("rows", all.rows());
        List<FeatureBatch> batches = KernelThroughput.batches(all, Math.min(batch, all.rows()));
        double rowsPerSecond;
        if (peer == null) {
          rowsPerSecond =
              KernelThroughput.measure(compiled, runner, all, Math.min(batch, all.rows()), threads, warmUp, seconds);
          line.put("rows_per_s", round(rowsPerSecond));
          if (peerSkipped != null) {
            line.put("onnx_skipped", peerSkipped);
          }
        } else {
          rowsPerSecond = againstPeer(compiled, runner, batches, peer, line);
        }
        ModelWork work = ModelWork.of(pkg.config());
        line.put("flops_per_row", work.flops());
        line.put("exp_per_row", work.exponentials());
        line.put("pow_per_row", work.powers());
        line.put("gflop_per_s", round(rowsPerSecond * work.flops() / 1e9));
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

  /**
   * The kernels and ONNX Runtime on the same batches, alternating round by round; puts both
   * best rates, their ratio, the per-round ratios' range and the logit check into {@code line}
   * and returns the kernels' best rate.
   */
  private double againstPeer(
      CompiledModel compiled, BatchRunner runner, List<FeatureBatch> batches, OnnxPeer peer, ObjectNode line) {
    peer.prepare(batches);
    double worst = 0;
    int checked = Math.min(batches.size(), Math.max(1, CHECKED_ROWS / batches.get(0).rows()));
    for (int b = 0; b < checked; b++) {
      double[] ours = compiled.forward(batches.get(b), Outputs.NONE).logits();
      float[] theirs = peer.logits(b);
      for (int i = 0; i < ours.length; i++) {
        worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / Math.max(1.0, Math.abs(theirs[i])));
      }
    }
    KernelThroughput.runFor(compiled, runner, batches, threads, warmUp);
    peer.runFor(warmUp);
    double bestOurs = 0;
    double bestTheirs = 0;
    double lowest = Double.POSITIVE_INFINITY;
    double highest = 0;
    for (int round = 0; round < ROUNDS; round++) {
      double a;
      double b;
      if (round % 2 == 0) {
        a = KernelThroughput.runFor(compiled, runner, batches, threads, seconds);
        b = peer.runFor(seconds);
      } else {
        b = peer.runFor(seconds);
        a = KernelThroughput.runFor(compiled, runner, batches, threads, seconds);
      }
      bestOurs = Math.max(bestOurs, a);
      bestTheirs = Math.max(bestTheirs, b);
      lowest = Math.min(lowest, a / b);
      highest = Math.max(highest, a / b);
    }
    line.put("rows_per_s", round(bestOurs));
    line.put("onnx_rows_per_s", round(bestTheirs));
    line.put("onnx_ratio", round(bestOurs / bestTheirs));
    line.put("onnx_ratio_range", round(lowest) + "-" + round(highest));
    line.put("onnx_spinning", peerSpins);
    line.put("onnx_max_logit_diff", round(worst));
    return bestOurs;
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
