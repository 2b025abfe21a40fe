package io.sqlscore.bench;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The kernel-only throughput of a model: forward passes over encoded test rows (encoding not
 * timed), warmed up, then the best of three timed rounds, as in the PyTorch baseline. Used by
 * {@code bench-kernel} and as the reference of {@code bench-sql}.
 */
final class KernelThroughput {
  private KernelThroughput() {}

  /**
   * The encoded test rows of {@code pkg}: from {@code data} if given, else the Adult test CSV
   * when the package's features are its columns, else Frappe's test.libsvm under {@code shared}.
   */
  static FeatureBatch testRows(ModelPackage pkg, String model, Path data, Path shared, Path repo) {
    Path adult = repo.resolve("sql-examples/data/adult/adult_test.csv");
    Path source = data != null ? data
        : BenchData.csvHasFeatures(adult, pkg.config()) ? adult : shared.resolve("data/frappe/test.libsvm");
    if (!Files.isRegularFile(source)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "no test rows for %s: %s does not exist (pass --data, or -Dsqlscore.shared=<folder with data/frappe>)",
          model, source);
    }
    return source.toString().endsWith(".csv")
        ? BenchData.fromCsv(source, pkg.config(), model)
        : BenchData.fromLibsvm(source, pkg.config().nfield());
  }

  /**
   * Rows per second of {@code model} on {@code all} in batches of {@code batch}: the best of three
   * rounds of {@code seconds} after {@code warmUp} seconds of warm-up.
   */
  static double measure(CompiledModel model, BatchRunner runner, FeatureBatch all, int batch, int threads,
      double warmUp, double seconds) {
    List<FeatureBatch> batches = batches(all, batch);
    runFor(model, runner, batches, threads, warmUp);
    double best = 0;
    for (int round = 0; round < 3; round++) {
      best = Math.max(best, runFor(model, runner, batches, threads, seconds));
    }
    return best;
  }

  /** The whole batches of {@code batch} rows in {@code all}. */
  static List<FeatureBatch> batches(FeatureBatch all, int batch) {
    List<FeatureBatch> batches = new ArrayList<>();
    for (int from = 0; from + batch <= all.rows(); from += batch) {
      batches.add(all.slice(from, from + batch));
    }
    return batches;
  }

  /** Runs consecutive batches for about {@code limit} seconds; returns rows per second. */
  static double runFor(CompiledModel model, BatchRunner runner, List<FeatureBatch> batches, int threads,
      double limit) {
    return rowsPerSecond(batches.size(), limit, b -> {
      runner.forward(model, batches.get(b), Outputs.NONE, threads);
      return batches.get(b).rows();
    });
  }

  /**
   * Runs batches 0, 1, ... (cycling through {@code count}) with {@code run}, which returns the
   * rows it scored, for about {@code limit} seconds; returns rows per second.
   */
  static double rowsPerSecond(int count, double limit, IntUnaryOperator run) {
    long start = System.nanoTime();
    long deadline = start + (long) (limit * 1e9);
    long done = 0;
    int next = 0;
    long now;
    do {
      done += run.applyAsInt(next);
      next = (next + 1) % count;
      now = System.nanoTime();
    } while (now < deadline);
    return done / ((now - start) / 1e9);
  }
}
