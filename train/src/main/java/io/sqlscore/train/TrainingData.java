package io.sqlscore.train;

import java.util.function.Consumer;

/** The rows of a training or validation set, read one pass per epoch. */
public interface TrainingData {
  /** Number of rows. */
  long rows();

  /**
   * Hands successive batches of up to batchSize rows to consumer, in an order that depends
   * only on (seed, epoch) (shuffled; the same arguments give the same order). A validation set
   * may ignore seed/epoch and keep its order. An exception the consumer throws (a cancelled
   * run) ends the pass and propagates.
   */
  void forEachBatch(long seed, int epoch, int batchSize, Consumer<Batch> consumer);
}
