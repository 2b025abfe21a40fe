package io.sqlscore.planner.training;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.encode.FeatureEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * Passes over a training query's rows: DuckDB reads them as Arrow batches (in an order it
 * produces), and each batch is encoded with the model's {@link FeatureEncoder}, the same
 * encoder PREDICT uses, so that training and scoring see the same ids and values.
 */
final class EncodedReads {
  /** Receives the rows of one Arrow batch. */
  @FunctionalInterface
  interface Sink {
    /**
     * One batch.
     *
     * @param features the encoded features
     * @param labels the labels
     * @param validation per row, whether it is a validation row (null when the pass does not say)
     */
    void accept(FeatureBatch features, float[] labels, boolean[] validation);
  }

  private final TrainingSnapshot snapshot;
  private final TrainingQuery query;
  private final boolean[] vocabulary;
  private final BufferAllocator allocator;
  private final FeatureEncoder encoder;
  private final List<String> names = new ArrayList<>();

  EncodedReads(TrainingSnapshot snapshot, TrainingQuery query, boolean[] vocabulary, ModelConfig config,
      BufferAllocator allocator, String modelLabel) {
    this.snapshot = snapshot;
    this.query = query;
    this.vocabulary = vocabulary.clone();
    this.allocator = allocator;
    this.encoder = new FeatureEncoder(config, modelLabel);
    query.features().forEach(c -> names.add(c.name()));
  }

  /** The query whose rows these are. */
  TrainingQuery query() {
    return query;
  }

  /**
   * Reads the rows of {@code from} (a FROM item over the query) that match {@code where}, in
   * the order of {@code orderBy}, with the validation flag when {@code withSplit}.
   */
  void pass(String from, String where, String orderBy, boolean withSplit, int batchRows, Sink sink) {
    String sql = "SELECT " + query.readColumns(vocabulary) + (withSplit ? ", " + TrainingQuery.VALIDATION : "")
        + " FROM " + from + (where.isEmpty() ? "" : " WHERE " + where) + " ORDER BY " + orderBy;
    int fields = names.size();
    snapshot.arrow(sql, allocator, batchRows, arrow -> {
      try {
        ArrowReader reader = arrow.reader();
        long firstRow = 0;
        while (reader.loadNextBatch()) {
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          List<FieldVector> vectors = root.getFieldVectors();
          FeatureBatch features = encoder.encode(vectors.subList(0, fields), names, firstRow);
          int rows = root.getRowCount();
          Float8Vector labelVector = (Float8Vector) vectors.get(fields);
          float[] labels = new float[rows];
          for (int r = 0; r < rows; r++) {
            labels[r] = (float) labelVector.get(r);
          }
          boolean[] validation = null;
          if (withSplit) {
            BitVector flags = (BitVector) vectors.get(fields + 1);
            validation = new boolean[rows];
            for (int r = 0; r < rows; r++) {
              validation[r] = flags.get(r) == 1;
            }
          }
          sink.accept(features, labels, validation);
          firstRow += rows;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Fails when a pass returns another number of rows than the statistics counted. */
  static void checkCount(String what, long expected, long actual) {
    if (expected != actual) {
      throw SqlscoreException.of(ErrorCode.INTERNAL_ERROR,
          "the %s rows changed while the model was being trained (%d counted, %d read); run the statement again",
          what, expected, actual);
    }
  }
}
