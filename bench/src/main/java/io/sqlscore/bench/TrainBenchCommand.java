package io.sqlscore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.CommandArgs;
import io.sqlscore.train.PackageScorer;
import io.sqlscore.train.TrainOptions;
import io.sqlscore.train.TrainedModel;
import io.sqlscore.train.Trainer;
import io.sqlscore.train.TrainingSession;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench-train [--data adult|frappe|all] [--kind KIND|all] [--threads T] [--speed-only]
 * [--accuracy-only]}: the training engine against the reference models ({@link TrainCases}).
 *
 * <p>Speed: a fresh model of the case's architecture trains at batch 512 with T threads
 * (default 2, as the PyTorch baseline) over every training row for two epochs; the second
 * (warm JIT) epoch's rows/s is compared with baseline.json's {@code train} rate, the first is
 * printed as well. Accuracy: a full run with the case's recipe and early stopping, then test AUC
 * (scored by the CPU backend on the trained package) against the reference and the target. One
 * JSON line per case and measurement, then a summary table.
 */
public final class TrainBenchCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USAGE =
      "usage: bench-train [--data adult|frappe|all] [--kind armnet|armnet_plus|autoint|autoint_plus|all] [--threads T]"
          + " [--speed-only] [--accuracy-only]";

  private static final Map<String, Integer> OPTIONS =
      Map.of("--data", 1, "--kind", 1, "--threads", 1, "--speed-only", 0, "--accuracy-only", 0);

  private final String data;
  private final String kind;
  private final int threads;
  private final boolean speed;
  private final boolean accuracy;
  private final PrintStream out;
  private final List<String> summary = new ArrayList<>();

  private TrainBenchCommand(String[] args, PrintStream out) {
    this.out = out;
    CommandArgs parsed = new CommandArgs(List.of(args), OPTIONS);
    parsed.requirePositional(0, "only options (" + USAGE + ")");
    data = parsed.value("--data", "all");
    kind = parsed.value("--kind", "all");
    threads = parsed.integer("--threads", 2, 1);
    accuracy = !parsed.has("--speed-only");
    speed = !parsed.has("--accuracy-only");
  }

  /** Runs the command; 0 when every case ran. */
  public static int run(String[] args, PrintStream out) {
    return new TrainBenchCommand(args, out).run();
  }

  private int run() {
    Path repo = Path.of(System.getProperty("sqlscore.repo", "."));
    Path shared = Path.of(System.getProperty("sqlscore.shared", "../shared"));
    List<String> skipped = new ArrayList<>();
    List<TrainCases.Case> cases = TrainCases.load(data, kind, repo, shared, threads, skipped);
    skipped.forEach(s -> out.println("skipped " + s));
    for (TrainCases.Case c : cases) {
      if (speed) {
        speed(c);
      }
      if (accuracy) {
        accuracy(c);
      }
    }
    out.println();
    summary.forEach(out::println);
    return 0;
  }

  private void speed(TrainCases.Case c) {
    TrainOptions options = c.recipe().with("batch_size", "512");
    double[] rates = new double[2];
    try (TrainingSession session = new TrainingSession(c.config(), options)) {
      for (int epoch = 0; epoch < 2; epoch++) {
        long start = System.nanoTime();
        long[] rows = {0};
        c.all().forEachBatch(options.seed(), epoch, 512, batch -> {
          if (batch.rows() >= 2) {
            session.step(batch);
            rows[0] += batch.rows();
          }
        });
        rates[epoch] = rows[0] / ((System.nanoTime() - start) / 1e9);
      }
    }
    ObjectNode line = JSON.createObjectNode();
    line.put("case", c.name());
    line.put("measure", "train_speed");
    line.put("threads", threads);
    line.put("batch", 512);
    line.put("rows", c.all().rows());
    line.put("rows_per_s", Math.round(rates[1]));
    line.put("first_epoch_rows_per_s", Math.round(rates[0]));
    if (Double.isFinite(c.pytorchRowsPerSecond())) {
      line.put("pytorch_rows_per_s", c.pytorchRowsPerSecond());
      line.put("ratio", Math.round(rates[1] / c.pytorchRowsPerSecond() * 100) / 100.0);
    }
    out.println(line);
    summary.add(String.format(Locale.ROOT, "%-20s speed    %8.0f rows/s (first epoch %.0f)%s", c.name(), rates[1], rates[0],
        Double.isFinite(c.pytorchRowsPerSecond())
            ? String.format(Locale.ROOT, "  PyTorch %.0f  ratio %.2fx", c.pytorchRowsPerSecond(), rates[1] / c.pytorchRowsPerSecond())
            : ""));
  }

  private void accuracy(TrainCases.Case c) {
    long start = System.nanoTime();
    TrainedModel trained = Trainer.train(c.config(), c.train(), c.validation(), c.recipe(),
        s -> out.printf(Locale.ROOT, "  %s epoch %d: loss %.4f, validation %s %.4f, %.0f rows/s%s%n", c.name(), s.epoch() + 1,
            s.trainLoss(), s.metricName(), s.validationMetric(), s.rowsPerSecond(), s.best() ? " (best)" : ""),
        null);
    double minutes = (System.nanoTime() - start) / 60e9;
    double auc;
    try (PackageScorer scorer = new PackageScorer(threads)) {
      auc = scorer.score(trained.toPackage(c.name()), c.test()).metric(true);
    }
    ObjectNode line = JSON.createObjectNode();
    line.put("case", c.name());
    line.put("measure", "accuracy");
    line.put("test_auc", Math.round(auc * 1e6) / 1e6);
    line.put("reference_auc", Math.round(c.referenceAuc() * 1e6) / 1e6);
    line.put("target", c.target());
    line.put("met", auc >= c.target());
    line.put("validation_auc", Math.round(trained.validationMetric() * 1e6) / 1e6);
    line.put("best_epoch", trained.bestEpoch() + 1);
    line.put("epochs_run", trained.history().size());
    line.put("train_rows", c.train().rows());
    line.put("minutes", Math.round(minutes * 100) / 100.0);
    out.println(line);
    summary.add(String.format(Locale.ROOT, "%-20s accuracy test AUC %.4f  reference %.4f  target %.4f %s  (best epoch %d of %d, %.1f min)",
        c.name(), auc, c.referenceAuc(), c.target(), auc >= c.target() ? "met" : "MISSED", trained.bestEpoch() + 1,
        trained.history().size(), minutes));
  }
}
