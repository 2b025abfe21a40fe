package io.sqlscore.udf.encode;

import io.sqlscore.model.FeatureSpec;
import io.sqlscore.udf.FeatureBatch;
import java.util.Arrays;

/**
 * A {@link FeatureBatch} filled one row at a time from rows held outside Arrow
 * ({@link ValueRows}), for engines that hand over rows one by one (Flink): each row is encoded as
 * it arrives, while its values are still in the CPU's caches, under the rules of
 * {@link FeatureEncoder#encode}. Made by {@link FeatureEncoder#rowByRow}; not thread-safe.
 */
public final class RowByRowBatch {
  private final FeatureEncoder.Cells[] cells;
  private final ColumnKind[] kinds;
  private final FeatureSpec.Encoding[] encodings;
  private final Utf8Vocabulary[] vocabularies;
  private final int[] ids;
  private final float[] values;
  private final int capacity;
  private int size;

  RowByRowBatch(FeatureEncoder.Cells[] cells, ColumnKind[] kinds, FeatureSpec.Encoding[] encodings,
      Utf8Vocabulary[] vocabularies, int[] ids, float[] values, int capacity) {
    this.cells = cells;
    this.kinds = kinds;
    this.encodings = encodings;
    this.vocabularies = vocabularies;
    this.ids = ids;
    this.values = values;
    this.capacity = capacity;
  }

  /**
   * Encodes row {@code row} of {@code rows} as the batch's next row; a row that fails is not added.
   *
   * @throws io.sqlscore.error.SqlscoreException BAD_FEATURE_VALUE for a value its feature cannot
   *     encode, naming the row as the batch's next row of the query
   * @throws IllegalStateException when the batch is full
   */
  public void add(ValueRows rows, int row) {
    if (size == capacity) {
      throw new IllegalStateException("the batch already holds its " + capacity + " rows");
    }
    for (int f = 0; f < cells.length; f++) {
      FeatureEncoder.Cells cell = cells[f];
      if (rows.isNull(row, f)) {
        cell.putNull(size);
      } else if (encodings[f] == FeatureSpec.Encoding.ID) {
        cell.putId(size, rows.integer(row, f));
      } else if (encodings[f] == FeatureSpec.Encoding.NUMERIC) {
        cell.putNumber(size, kinds[f] == ColumnKind.INTEGER ? rows.integer(row, f) : rows.number(row, f));
      } else if (kinds[f] == ColumnKind.STRING) {
        byte[] utf8 = rows.utf8(row, f);
        cell.put(size, vocabularies[f].lookup(utf8, 0, utf8.length), 1f);
      } else {
        cell.putKey(size,
            kinds[f] == ColumnKind.INTEGER ? Long.toString(rows.integer(row, f)) : Boolean.toString(rows.bool(row, f)));
      }
    }
    size++;
  }

  /** The number of rows added. */
  public int size() {
    return size;
  }

  /** The rows added so far. */
  public FeatureBatch batch() {
    int fields = cells.length;
    return size == capacity
        ? new FeatureBatch(size, fields, ids, values)
        : new FeatureBatch(size, fields, Arrays.copyOf(ids, size * fields), Arrays.copyOf(values, size * fields));
  }
}
