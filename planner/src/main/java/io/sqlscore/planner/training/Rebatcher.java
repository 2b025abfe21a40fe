package io.sqlscore.planner.training;

import io.sqlscore.train.Batch;
import io.sqlscore.udf.FeatureBatch;
import java.util.Arrays;
import java.util.function.Consumer;

/** Cuts encoded Arrow batches of any size into training batches of exactly {@code size} rows (the last one smaller). */
final class Rebatcher {
  private final int fields;
  private final int size;
  private final Consumer<Batch> consumer;
  private int[] ids;
  private float[] values;
  private float[] labels;
  private int filled;
  private long total;

  Rebatcher(int fields, int size, Consumer<Batch> consumer) {
    this.fields = fields;
    this.size = size;
    this.consumer = consumer;
    fresh();
  }

  /** Adds the rows of one encoded batch (the validation flags are not used). */
  void add(FeatureBatch features, float[] batchLabels, boolean[] ignored) {
    int rows = features.rows();
    for (int from = 0; from < rows; ) {
      int n = Math.min(size - filled, rows - from);
      System.arraycopy(features.ids(), from * fields, ids, filled * fields, n * fields);
      System.arraycopy(features.values(), from * fields, values, filled * fields, n * fields);
      System.arraycopy(batchLabels, from, labels, filled, n);
      filled += n;
      from += n;
      if (filled == size) {
        emit();
      }
    }
  }

  /** Hands on the last, partial batch; returns the number of rows handed on in all. */
  long finish() {
    if (filled > 0) {
      ids = Arrays.copyOf(ids, filled * fields);
      values = Arrays.copyOf(values, filled * fields);
      labels = Arrays.copyOf(labels, filled);
      emit();
    }
    return total;
  }

  private void emit() {
    consumer.accept(new Batch(filled, ids, values, labels));
    total += filled;
    fresh();
  }

  private void fresh() {
    ids = new int[size * fields];
    values = new float[size * fields];
    labels = new float[size];
    filled = 0;
  }
}
