package io.sqlscore.planner.training;

import io.sqlscore.train.InMemoryTrainingData;
import io.sqlscore.udf.FeatureBatch;

/**
 * Reads a training query's rows once into compact arrays ({@link InMemoryTrainingData}), the
 * training and the validation rows apart, each in the order of the rows' hash with the seed
 * (so that the same rows give the same arrays whatever order DuckDB reads them in).
 */
final class InMemoryRows {
  private InMemoryRows() {}

  /** The training and the validation rows, in that order. */
  static InMemoryTrainingData[] read(EncodedReads reads, long seed, double validation, long trainingRows,
      long validationRows, int batchRows) {
    int fields = reads.query().features().size();
    Part training = new Part(Math.toIntExact(trainingRows), fields);
    Part held = new Part(Math.toIntExact(validationRows), fields);
    reads.pass(reads.query().splitSource(seed, validation), "", reads.query().rowHash(seed), true, batchRows,
        (features, labels, flags) -> {
          for (int r = 0; r < features.rows(); r++) {
            (flags[r] ? held : training).add(features, labels, r);
          }
        });
    EncodedReads.checkCount("training", trainingRows, training.rows);
    EncodedReads.checkCount("validation", validationRows, held.rows);
    return new InMemoryTrainingData[] {training.data(), held.data()};
  }

  /** The arrays of one part, filled row by row. */
  private static final class Part {
    final int fields;
    final int[] ids;
    final float[] values;
    final float[] labels;
    int rows;

    Part(int capacity, int fields) {
      this.fields = fields;
      this.ids = new int[Math.multiplyExact(capacity, fields)];
      this.values = new float[ids.length];
      this.labels = new float[capacity];
    }

    void add(FeatureBatch features, float[] batchLabels, int r) {
      if (rows == labels.length) {
        rows++;
        return;
      }
      System.arraycopy(features.ids(), r * fields, ids, rows * fields, fields);
      System.arraycopy(features.values(), r * fields, values, rows * fields, fields);
      labels[rows++] = batchLabels[r];
    }

    InMemoryTrainingData data() {
      return new InMemoryTrainingData(fields, ids, values, labels);
    }
  }
}
