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
import io.sqlscore.udf.PendingForward;
import java.util.concurrent.locks.StampedLock;

/**
 * A model whose weights live on the GPU. Each {@link #forward} call scores its whole batch in one
 * native call: the rows go through page-locked buffers in chunks on two streams, so copies of
 * one chunk overlap the kernels of the other, and concurrent callers each get their own streams.
 *
 * <p>{@link #submit} (pipelining, on unless {@code -Dsqlscore.gpu.pipeline=false}) copies a batch
 * of at most one chunk into page-locked memory, queues its copies and kernels on a stream of its
 * own and returns; the pass's {@link PendingForward#await} synchronises once and copies the
 * results out. A scan that submits batch i+1 before it awaits batch i thus keeps the GPU busy
 * while it reads, explains and writes batches; larger batches, and every batch with pipelining
 * off, run as {@link #forward} does.
 *
 * <p>Ids are range-checked on the device; a bad id is reported with its row and field as the
 * CPU backend reports it. ARM-Net gates and interaction weights come out in the CPU backend's
 * field-major layout ({@link ArmLayout#fieldMajor}, neurons padded to a multiple of
 * {@value #GATE_LANES}), bitwise the CPU's values, so explanations read them as they read the
 * CPU's. {@link #close()} waits for running calls and submitted passes and frees the device
 * memory.
 */
final class GpuModel implements CompiledModel {
  /** System property that turns pipelining off ({@code false}), e.g. to compare with it on. */
  static final String PIPELINE_PROPERTY = "sqlscore.gpu.pipeline";
  /** Gates and weights are padded to a multiple of this many neurons, a multiple of every explainer vector width. */
  static final int GATE_LANES = 8;

  private final ModelConfig config;
  private final long bytes;
  private final int chunkRows;
  private final int gateStride;
  /** Held for reading by every call and every submitted pass, for writing by close. */
  private final StampedLock lock = new StampedLock();
  private long handle;

  GpuModel(ModelConfig config, long handle) {
    this.config = config;
    this.handle = handle;
    this.bytes = NativeGpu.memoryBytes(handle);
    this.chunkRows = NativeGpu.chunkRows(handle);
    int neurons = config.kind().isArmNet() ? config.nhead() * config.nhid() : 0;
    this.gateStride = (neurons + GATE_LANES - 1) / GATE_LANES * GATE_LANES;
  }

  /** Whether {@link #submit} queues small batches and returns at once (the property is read per call). */
  static boolean pipelined() {
    return !"false".equalsIgnoreCase(System.getProperty(PIPELINE_PROPERTY, "true"));
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
  public boolean scoresInBackground() {
    return pipelined();
  }

  @Override
  public ForwardResult forward(FeatureBatch batch, Outputs outputs) {
    if (batch.fields() != config.nfield()) {
      batch.checkFits(config);
    }
    OutputArrays out = new OutputArrays(batch.rows(), outputs);
    if (batch.rows() > 0) {
      long stamp = lock.readLock();
      int bad;
      try {
        bad = NativeGpu.forward(open(), batch.rows(), batch.ids(), batch.values(), out.logits, out.scores,
            gateStride, out.gates, out.weights, out.order, out.attention);
      } finally {
        lock.unlockRead(stamp);
      }
      checkBad(batch, bad);
    }
    return out.result();
  }

  @Override
  public PendingForward submit(FeatureBatch batch, Outputs outputs) {
    if (!pipelined() || batch.rows() == 0 || batch.rows() > chunkRows) {
      return PendingForward.done(forward(batch, outputs));
    }
    if (batch.fields() != config.nfield()) {
      batch.checkFits(config);
    }
    boolean arm = config.kind().isArmNet();
    long stamp = lock.readLock();
    try {
      long ticket = NativeGpu.submit(open(), batch.rows(), batch.ids(), batch.values(), gateStride,
          arm && outputs.contains(Output.GATES), arm && outputs.contains(Output.INTERACTION_WEIGHTS),
          arm && outputs.contains(Output.CROSS_FEATURE_ORDER), !arm && outputs.contains(Output.ATTENTION));
      return new Submitted(batch, outputs, ticket, stamp);
    } catch (RuntimeException | Error e) {
      lock.unlockRead(stamp);
      throw e;
    }
  }

  /** The native handle; the caller holds the lock for reading. */
  private long open() {
    if (handle == 0) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "the GPU model was used after it was closed");
    }
    return handle;
  }

  private void checkBad(FeatureBatch batch, int bad) {
    if (bad >= 0) {
      batch.checkFits(config);
      int fields = config.nfield();
      throw SqlscoreException.of(ErrorCode.INTERNAL_ERROR,
          "the GPU reported a bad feature id at row %d, field %d, which the CPU check accepts",
          bad / fields + 1, bad % fields);
    }
  }

  @Override
  public void close() {
    long stamp = lock.writeLock();
    try {
      if (handle != 0) {
        NativeGpu.destroy(handle);
        handle = 0;
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** A batch queued on the GPU: holds the model's read lock until it is collected or abandoned. */
  private final class Submitted implements PendingForward {
    private final FeatureBatch batch;
    private final Outputs outputs;
    private long ticket;
    private long stamp;
    private ForwardResult result;

    Submitted(FeatureBatch batch, Outputs outputs, long ticket, long stamp) {
      this.batch = batch;
      this.outputs = outputs;
      this.ticket = ticket;
      this.stamp = stamp;
    }

    @Override
    public synchronized ForwardResult await() {
      if (result != null) {
        return result;
      }
      if (ticket == 0) {
        throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "the GPU pass was closed before it was awaited");
      }
      OutputArrays out = new OutputArrays(batch.rows(), outputs);
      int bad;
      try {
        bad = NativeGpu.collect(handle, ticket, out.logits, out.scores, out.gates, out.weights, out.order,
            out.attention);
      } finally {
        ticket = 0;
        release();
      }
      checkBad(batch, bad);
      result = out.result();
      return result;
    }

    @Override
    public synchronized void close() {
      if (ticket != 0) {
        try {
          NativeGpu.abandon(handle, ticket);
        } catch (RuntimeException e) {
          // Closing never throws: the pass's error surfaces where it is awaited, or nowhere.
        } finally {
          ticket = 0;
          release();
        }
      }
    }

    private void release() {
      if (stamp != 0) {
        lock.unlockRead(stamp);
        stamp = 0;
      }
    }
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

  /** The output arrays of one pass over {@code rows} rows. */
  private final class OutputArrays {
    final double[] logits;
    final double[] scores;
    final float[] gates;
    final float[] weights;
    final int[] order;
    final float[][] attention;
    private final int rows;

    OutputArrays(int rows, Outputs outputs) {
      this.rows = rows;
      boolean arm = config.kind().isArmNet();
      long fields = config.nfield();
      logits = new double[rows];
      scores = new double[rows];
      boolean explainArm = arm && (outputs.contains(Output.GATES) || outputs.contains(Output.INTERACTION_WEIGHTS));
      int cells = explainArm ? arrayLength(rows, fields * gateStride, "gates") : 0;
      gates = arm && outputs.contains(Output.GATES) ? new float[cells] : null;
      weights = arm && outputs.contains(Output.INTERACTION_WEIGHTS) ? new float[cells] : null;
      order = arm && outputs.contains(Output.CROSS_FEATURE_ORDER)
          ? new int[arrayLength(rows, (long) config.nhead() * config.nhid(), "cross-feature orders")] : null;
      attention = !arm && outputs.contains(Output.ATTENTION)
          ? new float[config.attnDims().length][arrayLength(rows, config.nhead() * fields * fields, "attention weights")]
          : null;
    }

    ForwardResult result() {
      boolean arm = config.kind().isArmNet();
      return new ForwardResult(rows, config.nfield(), arm ? config.nhead() : 0, arm ? config.nhid() : 0,
          arm ? 0 : config.nhead(), logits, scores, gates, weights,
          arm ? ArmLayout.fieldMajor(config.nfield(), gateStride) : null, order, attention);
    }
  }
}
