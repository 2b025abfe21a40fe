package io.sqlscore.train;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Encoded rows held in compact arrays (what fits the memory budget): {@link #BYTES_PER_CELL}
 * bytes per field and {@link #BYTES_PER_LABEL} per row. Each epoch visits the rows in a
 * permutation drawn from (seed, epoch).
 */
public final class InMemoryTrainingData implements TrainingData {
  /** Bytes held per field of a row: its id and value. */
  public static final int BYTES_PER_CELL = 8;
  /** Bytes held per row for its label. */
  public static final int BYTES_PER_LABEL = 4;

  private final int nfield;
  private final int[] ids;
  private final float[] values;
  private final float[] labels;

  /**
   * Rows of {@code nfield} fields: {@code ids} and {@code values} row-major
   * ({@code labels.length × nfield}), held, not copied.
   */
  public InMemoryTrainingData(int nfield, int[] ids, float[] values, float[] labels) {
    if (nfield < 1 || ids.length != values.length || (long) labels.length * nfield != ids.length) {
      throw SqlscoreException.of(
          ErrorCode.INVALID_ARGUMENT,
          "training data of %d fields needs %d ids and values for %d labels, got %d ids and %d values",
          nfield, (long) labels.length * nfield, labels.length, ids.length, values.length);
    }
    this.nfield = nfield;
    this.ids = ids;
    this.values = values;
    this.labels = labels;
  }

  /** Bytes that {@code rows} rows of {@code nfield} fields occupy here. */
  public static long bytesFor(long rows, int nfield) {
    return rows * ((long) nfield * BYTES_PER_CELL + BYTES_PER_LABEL);
  }

  @Override
  public long rows() {
    return labels.length;
  }

  /** Fields per row. */
  public int nfield() {
    return nfield;
  }

  /** The labels, in row order (live). */
  public float[] labels() {
    return labels;
  }

  @Override
  public void forEachBatch(long seed, int epoch, int batchSize, Consumer<Batch> consumer) {
    batches(permutation(labels.length, new SplittableRandom(mix(seed, epoch))), batchSize, consumer);
  }

  /** All rows in their stored order, batch after batch (for scoring a validation or test set). */
  public void forEachBatchInOrder(int batchSize, Consumer<Batch> consumer) {
    int[] order = new int[labels.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    batches(order, batchSize, consumer);
  }

  private void batches(int[] order, int batchSize, Consumer<Batch> consumer) {
    if (batchSize < 1) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "batch size must be at least 1, got %d", batchSize);
    }
    for (int from = 0; from < order.length; from += batchSize) {
      consumer.accept(gather(order, from, Math.min(order.length, from + batchSize)));
    }
  }

  /**
   * Splits the rows at random into a training part and a validation part of
   * {@code round(fraction · rows)} rows, both keeping the stored order; the same seed gives
   * the same split.
   */
  public InMemoryTrainingData[] split(double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "validation fraction must be in [0, 1), got %s", fraction);
    }
    int n = labels.length;
    int held = (int) Math.round(fraction * n);
    int[] order = permutation(n, new SplittableRandom(mix(seed, -1)));
    boolean[] validation = new boolean[n];
    for (int i = 0; i < held; i++) {
      validation[order[i]] = true;
    }
    int[] trainRows = new int[n - held];
    int[] heldRows = new int[held];
    for (int r = 0, t = 0, h = 0; r < n; r++) {
      if (validation[r]) {
        heldRows[h++] = r;
      } else {
        trainRows[t++] = r;
      }
    }
    return new InMemoryTrainingData[] {subset(trainRows), subset(heldRows)};
  }

  private InMemoryTrainingData subset(int[] rows) {
    Batch b = gather(rows, 0, rows.length);
    return new InMemoryTrainingData(nfield, b.ids(), b.values(), b.labels());
  }

  private Batch gather(int[] order, int from, int to) {
    int rows = to - from;
    int[] batchIds = new int[rows * nfield];
    float[] batchValues = new float[rows * nfield];
    float[] batchLabels = new float[rows];
    for (int i = 0; i < rows; i++) {
      int r = order[from + i];
      System.arraycopy(ids, r * nfield, batchIds, i * nfield, nfield);
      System.arraycopy(values, r * nfield, batchValues, i * nfield, nfield);
      batchLabels[i] = labels[r];
    }
    return new Batch(rows, batchIds, batchValues, batchLabels);
  }

  private static int[] permutation(int n, SplittableRandom random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static long mix(long seed, int epoch) {
    return seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
  }
}
