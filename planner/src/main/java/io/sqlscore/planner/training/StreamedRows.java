package io.sqlscore.planner.training;

import io.sqlscore.train.Batch;
import io.sqlscore.train.TrainingData;
import java.util.function.Consumer;

/**
 * Training or validation rows that stay in DuckDB and are read again on every pass, for a
 * training set larger than the memory budget: each pass streams Arrow batches in the order of
 * the rows' hash with the seed and the epoch (a shuffle DuckDB produces, the same for the same
 * arguments), encodes them and hands them on in batches of exactly the size asked for (the
 * last one smaller). Validation rows keep one order. Memory stays at a few batches whatever
 * the number of rows.
 */
final class StreamedRows implements TrainingData {
  private final EncodedReads reads;
  private final long splitSeed;
  private final double validation;
  private final boolean validationPart;
  private final long rows;

  /**
   * The training part ({@code validationPart} false) or the validation part of the rows split by
   * {@code splitSeed} and {@code validation}, of {@code rows} rows.
   */
  StreamedRows(EncodedReads reads, long splitSeed, double validation, boolean validationPart, long rows) {
    this.reads = reads;
    this.splitSeed = splitSeed;
    this.validation = validation;
    this.validationPart = validationPart;
    this.rows = rows;
  }

  /** All rows of a query, read in one order (a test set: no split). */
  static TrainingData whole(EncodedReads reads, long rows) {
    return new TrainingData() {
      @Override
      public long rows() {
        return rows;
      }

      @Override
      public void forEachBatch(long seed, int epoch, int batchSize, Consumer<Batch> consumer) {
        Rebatcher out = new Rebatcher(reads.query().features().size(), batchSize, consumer);
        reads.pass(reads.query().source(), "", reads.query().rowHash(), false, batchSize, out::add);
        EncodedReads.checkCount("test", rows, out.finish());
      }
    };
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public void forEachBatch(long seed, int epoch, int batchSize, Consumer<Batch> consumer) {
    TrainingQuery query = reads.query();
    String order = validationPart ? query.rowHash(splitSeed) : query.rowHash(seed, epoch);
    String where = (validationPart ? "" : "NOT ") + TrainingQuery.VALIDATION;
    Rebatcher out = new Rebatcher(query.features().size(), batchSize, consumer);
    reads.pass(query.splitSource(splitSeed, validation), where, order, false, batchSize, out::add);
    EncodedReads.checkCount(validationPart ? "validation" : "training", rows, out.finish());
  }
}
