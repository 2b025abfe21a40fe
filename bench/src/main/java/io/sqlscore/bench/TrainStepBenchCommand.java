package io.sqlscore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.CommandArgs;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelKind;
import io.sqlscore.train.Batch;
import io.sqlscore.train.TrainOptions;
import io.sqlscore.train.TrainingSession;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code bench-train-steps [--model NAME|all] [--threads T] [--rounds R] [--steps S]}: the
 * training step of ARM-Net+ and AutoInt+ at the bundled models' shapes (adult-armnet_plus,
 * adult-autoint_plus, and frappe-armnet_plus, frappe-autoint_plus when ../shared has them),
 * hand-written (the engine's {@link TrainingSession}) against ND4J SameDiff
 * ({@link SameDiffTraining}: autodiff and its Adam), batch 512, T threads each (default 2).
 * After a warm-up of both, R rounds (default 3) alternate S steps (default 10) of one and of the
 * other on the same batches; prints one JSON line per model with each side's median rows/s and
 * their ratio, and SameDiff's loss on one batch before and after its steps (it must fall).
 */
public final class TrainStepBenchCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 512;
  private static final String USAGE = "usage: bench-train-steps [--model NAME|all] [--threads T] [--rounds R] [--steps S]";

  private final String model;
  private final int threads;
  private final int rounds;
  private final int steps;

  private TrainStepBenchCommand(String[] args) {
    CommandArgs parsed = new CommandArgs(List.of(args), Map.of("--model", 1, "--threads", 1, "--rounds", 1, "--steps", 1));
    parsed.requirePositional(0, "only options (" + USAGE + ")");
    model = parsed.value("--model", "all");
    threads = parsed.integer("--threads", 2, 1);
    rounds = parsed.integer("--rounds", 3, 1);
    steps = parsed.integer("--steps", 10, 1);
  }

  /** Runs the command; 0 when every model ran. */
  public static int run(String[] args, PrintStream out) {
    return new TrainStepBenchCommand(args).run(out);
  }

  private int run(PrintStream out) {
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
    Nd4j.factory().blas().setMaxThreads(threads);
    Path repo = Path.of(System.getProperty("sqlscore.repo", "."));
    Path shared = Path.of(System.getProperty("sqlscore.shared", "../shared"));
    List<String> skipped = new ArrayList<>();
    List<TrainCases.Case> cases = new ArrayList<>();
    for (String data : List.of("adult", "frappe")) {
      for (String kind : List.of("armnet_plus", "autoint_plus")) {
        if (model.equals("all") || model.equals(data + "-" + kind)) {
          cases.addAll(TrainCases.load(data, kind, repo, shared, threads, skipped));
        }
      }
    }
    if (cases.isEmpty() && skipped.isEmpty()) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "--model must be all, adult-armnet_plus, adult-autoint_plus, "
          + "frappe-armnet_plus or frappe-autoint_plus, not '%s'", model);
    }
    skipped.forEach(s -> out.println("skipped " + s));
    for (TrainCases.Case c : cases) {
      compare(c, out);
    }
    return 0;
  }

  private void compare(TrainCases.Case c, PrintStream out) {
    List<Batch> batches = new ArrayList<>();
    c.all().forEachBatch(TrainCases.SEED, 0, BATCH, b -> {
      if (b.rows() == BATCH && batches.size() < 2 * steps) {
        batches.add(b);
      }
    });
    TrainOptions options = c.recipe().with("batch_size", Integer.toString(BATCH));
    double learningRate = options.learningRate(c.config().kind());
    double[] ours = new double[rounds];
    double[] theirs = new double[rounds];
    SameDiffTraining sameDiff = new SameDiffTraining(c.config(), BATCH, learningRate, options.weightDecay());
    double lossBefore = quietly(() -> sameDiff.loss(batches.get(0)));
    try (TrainingSession session = new TrainingSession(c.config(), options)) {
      time(batches, session::step, steps);
      quietly(() -> time(batches, sameDiff::step, steps));
      for (int r = 0; r < rounds; r++) {
        ours[r] = time(batches, session::step, steps);
        theirs[r] = time(batches, sameDiff::step, steps);
      }
    }
    double lossAfter = sameDiff.loss(batches.get(0));
    double oursMedian = median(ours);
    double theirsMedian = median(theirs);
    ObjectNode line = JSON.createObjectNode();
    line.put("model", c.name());
    line.put("kind", c.config().kind() == ModelKind.ARMNET_PLUS ? "armnet_plus" : "autoint_plus");
    line.put("threads", threads);
    line.put("batch", BATCH);
    line.put("hand_written_rows_per_s", Math.round(oursMedian));
    line.put("samediff_rows_per_s", Math.round(theirsMedian));
    line.put("hand_written_over_samediff", Math.round(oursMedian / theirsMedian * 100) / 100.0);
    line.put("hand_written_range", String.format(Locale.ROOT, "%.0f-%.0f", min(ours), max(ours)));
    line.put("samediff_range", String.format(Locale.ROOT, "%.0f-%.0f", min(theirs), max(theirs)));
    line.put("samediff_loss_before", Math.round(lossBefore * 1e4) / 1e4);
    line.put("samediff_loss_after", Math.round(lossAfter * 1e4) / 1e4);
    out.println(line);
  }

  /**
   * {@code work}'s result, with {@code System.out} discarded while it runs: SameDiff prints a line
   * per op when it builds its gradient graph (on the first loss and step), hundreds per model.
   */
  private static <T> T quietly(Supplier<T> work) {
    PrintStream saved = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return work.get();
    } finally {
      System.setOut(saved);
    }
  }

  /** Rows per second of {@code count} steps over the batches in turn. */
  private static double time(List<Batch> batches, java.util.function.Consumer<Batch> step, int count) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      step.accept(batches.get(i % batches.size()));
    }
    return (double) count * BATCH / ((System.nanoTime() - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }
}
