package io.sqlscore.train;

import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.cpu.CpuBackend;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Scores a data set with a package through the CPU scoring backend (the kernels PREDICT runs),
 * for validation metrics and benchmarks.
 */
public final class PackageScorer implements AutoCloseable {
  private static final int BATCH = 4096;

  /** Scores and the labels of the same rows, in the order the data handed them out. */
  public record Scored(double[] scores, float[] labels) {
    /** The metric of this task: AUC for binary scores, RMSE for regression. */
    public double metric(boolean binary) {
      return binary ? Metrics.auc(scores, labels) : Metrics.rmse(scores, labels);
    }
  }

  private final BatchRunner runner = new BatchRunner();
  private final int threads;

  /** A scorer running {@code threads} threads per batch. */
  public PackageScorer(int threads) {
    this.threads = threads;
  }

  /** Scores every row of {@code data} with {@code pkg}, in the order the data hands them out. */
  public Scored score(ModelPackage pkg, TrainingData data) {
    return score(pkg, data.rows(), consumer -> data.forEachBatch(0, 0, BATCH, consumer));
  }

  /** Scores every row of {@code data} with {@code pkg}, in stored order. */
  public Scored score(ModelPackage pkg, InMemoryTrainingData data) {
    return score(pkg, data.rows(), consumer -> data.forEachBatchInOrder(BATCH, consumer));
  }

  private Scored score(ModelPackage pkg, long rows, Consumer<Consumer<Batch>> source) {
    int fields = pkg.config().nfield();
    int total = Math.toIntExact(rows);
    double[] scores = new double[total];
    float[] labels = new float[total];
    int[] at = {0};
    try (CompiledModel model = new CpuBackend().compile(pkg)) {
      source.accept(batch -> {
        ForwardResult result =
            runner.forward(model, new FeatureBatch(batch.rows(), fields, batch.ids(), batch.values()), Outputs.NONE, threads);
        System.arraycopy(result.scores(), 0, scores, at[0], batch.rows());
        System.arraycopy(batch.labels(), 0, labels, at[0], batch.rows());
        at[0] += batch.rows();
      });
    }
    return at[0] == total ? new Scored(scores, labels) : new Scored(Arrays.copyOf(scores, at[0]), Arrays.copyOf(labels, at[0]));
  }

  @Override
  public void close() {
    runner.close();
  }
}
