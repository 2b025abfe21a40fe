package io.sqlscore.udf.gpu;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.udf.ArmLayout;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Output;
import io.sqlscore.udf.Outputs;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A model whose weights live on the GPU. Each {@link #forward} call scores its whole batch in one
 * native call: the rows go through page-locked buffers in chunks on two streams, so copies of
 * one chunk overlap the kernels of the other, and concurrent callers each get their own streams.
 * Ids are range-checked on the device; a bad id is reported with its row and field as the CPU
 * backend reports it. {@link #close()} waits for running calls and frees the device memory.
 */
final class GpuModel implements CompiledModel {
  private final ModelConfig config;
  private final long bytes;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private long handle;

  GpuModel(ModelConfig config, long handle) {
    this.config = config;
    this.handle = handle;
    this.bytes = NativeGpu.memoryBytes(handle);
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  @Override
  public long memoryBytes() {
    return bytes;
  }

  /** The GPU overlaps copies and kernels within one call, so it wants whole batches. */
  @Override
  public boolean prefersWholeBatches() {
    return true;
  }

  @Override
  public ForwardResult forward(FeatureBatch batch, Outputs outputs) {
    if (batch.fields() != config.nfield()) {
      batch.checkFits(config);
    }
    int rows = batch.rows();
    int fields = config.nfield();
    boolean arm = config.kind().isArmNet();
    int heads = arm ? config.nhead() : 0;
    int neurons = arm ? config.nhid() : 0;
    int attentionHeads = arm ? 0 : config.nhead();
    double[] logits = new double[rows];
    double[] scores = new double[rows];
    boolean explainArm = arm && (outputs.contains(Output.GATES) || outputs.contains(Output.INTERACTION_WEIGHTS));
    int cells = explainArm ? arrayLength(rows, (long) heads * neurons * fields, "gates") : 0;
    float[] gates = arm && outputs.contains(Output.GATES) ? new float[cells] : null;
    float[] weights = arm && outputs.contains(Output.INTERACTION_WEIGHTS) ? new float[cells] : null;
    int[] order = arm && outputs.contains(Output.CROSS_FEATURE_ORDER)
        ? new int[arrayLength(rows, (long) heads * neurons, "cross-feature orders")] : null;
    float[][] attention = null;
    if (!arm && outputs.contains(Output.ATTENTION)) {
      attention = new float[config.attnDims().length][
          arrayLength(rows, (long) attentionHeads * fields * fields, "attention weights")];
    }
    if (rows > 0) {
      int bad;
      lock.readLock().lock();
      try {
        if (handle == 0) {
          throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "the GPU model was used after it was closed");
        }
        bad = NativeGpu.forward(handle, rows, batch.ids(), batch.values(), logits, scores, gates, weights, order,
            attention);
      } finally {
        lock.readLock().unlock();
      }
      if (bad >= 0) {
        batch.checkFits(config);
        throw SqlscoreException.of(ErrorCode.INTERNAL_ERROR,
            "the GPU reported a bad feature id at row %d, field %d, which the CPU check accepts",
            bad / fields + 1, bad % fields);
      }
    }
    return new ForwardResult(rows, fields, heads, neurons, attentionHeads, logits, scores, gates, weights,
        ArmLayout.neuronMajor(heads * neurons, fields), order, attention);
  }

  /** The longest array the JVM allocates. */
  static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  /**
   * The length of an output array of {@code perRow} values for each of {@code rows} rows,
   * computed without int overflow; INVALID_SETTING naming the largest batch_size that fits
   * when one Java array cannot hold it.
   */
  static int arrayLength(int rows, long perRow, String what) {
    long length = rows * perRow;
    if (length > MAX_ARRAY) {
      throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
          "explaining %d rows at once needs %d %s (%d per row), more than one Java array holds; "
              + "lower batch_size to at most %d for this model", rows, length, what, perRow, MAX_ARRAY / perRow);
    }
    return (int) length;
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (handle != 0) {
        NativeGpu.destroy(handle);
        handle = 0;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
