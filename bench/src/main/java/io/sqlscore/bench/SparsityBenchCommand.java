package io.sqlscore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.CommandArgs;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.train.InMemoryTrainingData;
import io.sqlscore.train.Metrics;
import io.sqlscore.train.TrainedModel;
import io.sqlscore.train.Trainer;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Output;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.explain.CrossFeature;
import io.sqlscore.udf.explain.Explainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench-sparsity [--temperatures T,...] [--threads N] [--svg PATH] [--explain PATH]}: the
 * sparse-cross-feature frontier on Adult. For each gate temperature (default 1, 0.25, 0.1, 0.05,
 * 0.02, 0.01, 0.005, 0.002; 1 is the usual recipe) a fresh ARM-Net+ of the bundled Adult
 * architecture trains with the Adult recipe of {@link TrainCases}; then, over every (test row,
 * exponential neuron), the cross-feature order (fields with a non-zero gate, as the CPU backend's
 * kernels compute it on the trained package) gives a median and a 90th percentile, beside the
 * test AUC. Prints one JSON line per temperature and a Markdown table; writes an SVG plot of the
 * frontier (default docs/training-sparsity.svg) and EXPLAIN_PREDICT-style explanations of the
 * first test rows from the dense model and from the densest model that meets the goal (median
 * order at most 4 within 0.002 test AUC of dense; else the sparsest within 0.002), side by side
 * (default docs/training-explain.md).
 */
public final class SparsityBenchCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXPLAINED_ROWS = 4;
  /** The goal: median cross-feature order at most this, of Adult's 14 fields. */
  private static final int GOAL_ORDER = 4;
  private static final String USAGE =
      "usage: bench-sparsity [--temperatures T,...] [--threads N] [--svg PATH] [--explain PATH]";

  /** One trained setting and its figures. */
  private record Point(double temperature, TrainedModel model, double auc, double median, double p90, double mean) {}

  private static final double[] TEMPERATURES = {1, 0.25, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002};

  private final double[] temperatures;
  private final int threads;
  private final Path svg;
  private final Path explain;

  private SparsityBenchCommand(String[] args, Path repo) {
    CommandArgs parsed = new CommandArgs(List.of(args), Map.of("--temperatures", 1, "--threads", 1, "--svg", 1, "--explain", 1));
    parsed.requirePositional(0, "only options (" + USAGE + ")");
    temperatures = parsed.positiveDecimals("--temperatures", TEMPERATURES);
    threads = parsed.integer("--threads", 2, 1);
    svg = Path.of(parsed.value("--svg", repo.resolve("docs/training-sparsity.svg").toString()));
    explain = Path.of(parsed.value("--explain", repo.resolve("docs/training-explain.md").toString()));
  }

  /** Runs the command. */
  public static int run(String[] args, PrintStream out) throws IOException {
    Path repo = Path.of(System.getProperty("sqlscore.repo", "."));
    return new SparsityBenchCommand(args, repo).run(repo, out);
  }

  private int run(Path repo, PrintStream out) throws IOException {
    Path shared = Path.of(System.getProperty("sqlscore.shared", "../shared"));
    TrainCases.Case adult = TrainCases.load("adult", "armnet_plus", repo, shared, threads, new ArrayList<>()).get(0);
    FeatureBatch test = allRows(adult.test(), adult.config().nfield());
    float[] labels = adult.test().labels();
    List<Point> points = new ArrayList<>();
    for (double t : temperatures) {
      TrainedModel model = Trainer.train(adult.config(), adult.train(), adult.validation(),
          adult.recipe().with("gate_temperature", Double.toString(t)), null, null);
      ForwardResult result = forward(model.toPackage("t=" + t), test, Outputs.of(Output.CROSS_FEATURE_ORDER));
      int[] orders = result.crossFeatureOrder().clone();
      Arrays.sort(orders);
      double auc = Metrics.auc(result.scores(), labels);
      Point p = new Point(t, model, auc, percentile(orders, 0.5), percentile(orders, 0.9),
          Arrays.stream(orders).average().orElse(Double.NaN));
      points.add(p);
      ObjectNode line = JSON.createObjectNode();
      line.put("gate_temperature", t);
      line.put("test_auc", Math.round(auc * 1e4) / 1e4);
      line.put("median_order", p.median());
      line.put("p90_order", p.p90());
      line.put("mean_order", Math.round(p.mean() * 100) / 100.0);
      line.put("fields", adult.config().nfield());
      line.put("best_epoch", model.bestEpoch() + 1);
      out.println(line);
    }
    out.println();
    out.println("| gate_temperature | median order | p90 order | mean order | test AUC | AUC − dense |");
    out.println("|---:|---:|---:|---:|---:|---:|");
    double dense = points.get(0).auc();
    for (Point p : points) {
      out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.4f | %+.4f |%n", p.temperature(), p.median(), p.p90(), p.mean(),
          p.auc(), p.auc() - dense);
    }
    write(svg, Svg.frontier(points.stream().map(p -> new Svg.Point(p.temperature(), p.median(), p.p90(), p.auc())).toList(),
        adult.config().nfield()));
    write(explain, sideBySide(adult, test, points.get(0), explained(points)));
    out.println();
    out.println("wrote " + svg + " and " + explain);
    return 0;
  }

  /**
   * The sparse model explained beside the dense one (the first point): the densest setting that
   * meets the goal (median order at most {@value #GOAL_ORDER}, test AUC at least dense − 0.002),
   * whose cross features still cross several fields; else the sparsest setting within 0.002.
   */
  private static Point explained(List<Point> points) {
    double floor = points.get(0).auc() - 0.002;
    Point sparsest = points.get(0);
    for (Point p : points) {
      if (p.auc() >= floor && p.median() <= GOAL_ORDER) {
        return p;
      }
      if (p.auc() >= floor && p.median() < sparsest.median()) {
        sparsest = p;
      }
    }
    return sparsest;
  }

  /** Every row of {@code data}, in stored order, as one feature batch. */
  private static FeatureBatch allRows(InMemoryTrainingData data, int nfield) {
    int rows = (int) data.rows();
    int[] ids = new int[rows * nfield];
    float[] values = new float[rows * nfield];
    int[] at = {0};
    data.forEachBatchInOrder(4096, b -> {
      System.arraycopy(b.ids(), 0, ids, at[0], b.ids().length);
      System.arraycopy(b.values(), 0, values, at[0], b.values().length);
      at[0] += b.ids().length;
    });
    return new FeatureBatch(rows, nfield, ids, values);
  }

  private ForwardResult forward(ModelPackage pkg, FeatureBatch rows, Outputs outputs) {
    try (BatchRunner runner = new BatchRunner(); CompiledModel model = new CpuBackend().compile(pkg)) {
      return runner.forward(model, rows, outputs, threads);
    }
  }

  private static double percentile(int[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  }

  private static void write(Path file, String text) throws IOException {
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Markdown: the first test rows explained (top 3 cross features) by the dense and the sparse model. */
  private String sideBySide(TrainCases.Case adult, FeatureBatch test, Point dense, Point sparse) {
    ModelConfig config = adult.config();
    FeatureBatch rows = test.slice(0, EXPLAINED_ROWS);
    Explainer explainer = Explainer.forKind(config.kind());
    ForwardResult d = forward(dense.model().toPackage("dense"), rows, Explainer.ARM_NET_OUTPUTS);
    ForwardResult s = forward(sparse.model().toPackage("sparse"), rows, Explainer.ARM_NET_OUTPUTS);
    StringBuilder md = new StringBuilder();
    md.append("# EXPLAIN_PREDICT of the same rows: dense and sparse ARM-Net+ on Adult\n\n")
        .append("Written by `./sqlscore bench-sparsity` (do not edit). Dense: gate_temperature ")
        .append(dense.temperature()).append(String.format(Locale.ROOT, " (test AUC %.4f, median order %.0f of %d)", dense.auc(),
            dense.median(), config.nfield()))
        .append("; sparse: gate_temperature ").append(sparse.temperature())
        .append(String.format(Locale.ROOT, " (test AUC %.4f, median order %.0f)", sparse.auc(), sparse.median()))
        .append(". Each cell lists `EXPLAIN_PREDICT(model, 3, ...)`'s cross features (EXPLAIN.md): the effective cross"
            + " feature's fields, its order / the support order (fields with a non-zero gate), and its weight.\n");
    for (int r = 0; r < EXPLAINED_ROWS; r++) {
      md.append("\n## adult_test row ").append(r).append(String.format(Locale.ROOT, " (label %.0f)\n\n", adult.test().labels()[r]));
      md.append("`").append(describeRow(config, rows, r)).append("`\n\n");
      md.append(String.format(Locale.ROOT, "| dense (score %.3f) | sparse (score %.3f) |%n|---|---|%n", d.scores()[r], s.scores()[r]));
      List<CrossFeature> left = explainer.explain(d, r, 3).crosses();
      List<CrossFeature> right = explainer.explain(s, r, 3).crosses();
      for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
        md.append("| ").append(i < left.size() ? cell(config, left.get(i)) : "")
            .append(" | ").append(i < right.size() ? cell(config, right.get(i)) : "").append(" |\n");
      }
    }
    return md.toString();
  }

  private static String cell(ModelConfig config, CrossFeature c) {
    StringBuilder names = new StringBuilder();
    for (int f : c.fields()) {
      names.append(names.length() == 0 ? "" : " × ").append(config.features().get(f).name());
    }
    return String.format(Locale.ROOT, "%s (order %d / support %d, weight %.3f)", names, c.order(), c.supportOrder(), c.weight());
  }

  /** The row's feature values decoded back from ids and values (vocabulary key, or number). */
  private static String describeRow(ModelConfig config, FeatureBatch rows, int r) {
    StringBuilder text = new StringBuilder();
    for (int f = 0; f < config.nfield(); f++) {
      FeatureSpec spec = config.features().get(f);
      int id = rows.ids()[r * config.nfield() + f];
      float v = rows.values()[r * config.nfield() + f];
      String value = switch (spec.encoding()) {
        case VOCABULARY -> spec.vocabulary().entrySet().stream().filter(e -> e.getValue() == id).map(Map.Entry::getKey)
            .findFirst().orElse("(other)");
        case NUMERIC -> spec.hasRange()
            ? String.format(Locale.ROOT, "%.0f", v * (spec.max() - spec.min()) + spec.min())
            : Float.toString(v);
        default -> Integer.toString(id);
      };
      text.append(f == 0 ? "" : ", ").append(spec.name()).append('=').append(value);
    }
    return text.toString();
  }
}
