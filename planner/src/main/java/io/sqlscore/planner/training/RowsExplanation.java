package io.sqlscore.planner.training;

import io.sqlscore.model.ModelPackage;
import io.sqlscore.train.TrainingData;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.explain.DatasetExplanation;
import io.sqlscore.udf.explain.Explainer;
import io.sqlscore.udf.explain.FieldNames;

/**
 * The dataset-level explanation (EXPLAIN.md, as {@code EXPLAIN MODEL} computes it) of a trained
 * package over a set of encoded rows, scored by the CPU backend: the global explanation a
 * trained version is stored with, computed on its validation rows.
 */
final class RowsExplanation {
  private static final int BATCH = 4096;

  private RowsExplanation() {}

  /** Explains {@code pkg} over every row of {@code rows}, running {@code threads} threads. */
  static DatasetExplanation of(ModelPackage pkg, TrainingData rows, BatchRunner runner, int threads) {
    DatasetExplanation dataset = new DatasetExplanation(FieldNames.of(pkg.config()));
    Explainer explainer = Explainer.forKind(pkg.config().kind());
    int fields = pkg.config().nfield();
    try (CompiledModel model = new CpuBackend().compile(pkg)) {
      rows.forEachBatch(0, 0, BATCH, batch -> {
        FeatureBatch features = new FeatureBatch(batch.rows(), fields, batch.ids(), batch.values());
        ForwardResult result = runner.forward(model, features, explainer.needs(), threads);
        for (int r = 0; r < result.rows(); r++) {
          dataset.add(explainer.explain(result, r, Integer.MAX_VALUE));
        }
      });
    }
    return dataset;
  }
}
