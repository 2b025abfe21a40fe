package io.sqlscore.udf;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import java.util.Arrays;

/**
 * Encoded model input: B rows of F fields, each a global feature id and a value, stored
 * row-major ({@code ids[b * F + f]}, {@code values[b * F + f]}).
 *
 * <p>The arrays are held, not copied, for speed: callers must not modify them after handing
 * them over. Values are raw: ARM-Net's clamp is part of the model.
 */
public final class FeatureBatch {
  private final int rows;
  private final int fields;
  private final int[] ids;
  private final float[] values;

  /**
   * Wraps the arrays of a [rows, fields] batch.
   *
   * @throws SqlscoreException INVALID_ARGUMENT when the array lengths are not rows * fields
   */
  public FeatureBatch(int rows, int fields, int[] ids, float[] values) {
    if (rows < 0 || fields <= 0 || (long) rows * fields != ids.length || ids.length != values.length) {
      throw SqlscoreException.of(
          ErrorCode.INVALID_ARGUMENT,
          "a batch of %d rows x %d fields needs %d ids and values, got %d ids and %d values",
          rows,
          fields,
          (long) rows * fields,
          ids.length,
          values.length);
    }
    this.rows = rows;
    this.fields = fields;
    this.ids = ids;
    this.values = values;
  }

  /** B: number of rows. */
  public int rows() {
    return rows;
  }

  /** F: number of fields per row. */
  public int fields() {
    return fields;
  }

  /** The feature ids, row-major [B, F] (the held array). */
  public int[] ids() {
    return ids;
  }

  /** The values, row-major [B, F] (the held array). */
  public float[] values() {
    return values;
  }

  /**
   * Checks that the batch fits {@code config}: F equals nfield and every id is in
   * {@code [0, nfeat)}.
   *
   * @throws SqlscoreException INVALID_ARGUMENT for a field-count mismatch, BAD_FEATURE_VALUE
   *     naming the 1-based row and the field for an id out of range
   */
  public void checkFits(ModelConfig config) {
    if (fields != config.nfield()) {
      throw SqlscoreException.of(
          ErrorCode.INVALID_ARGUMENT,
          "the batch has %d fields but the %s model has nfield = %d",
          fields,
          config.kind().configName(),
          config.nfield());
    }
    int nfeat = config.nfeat();
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= nfeat) {
        throw SqlscoreException.of(
            ErrorCode.BAD_FEATURE_VALUE,
            "row %d, field %d: feature id %d is outside [0, %d) of the model",
            i / fields + 1,
            i % fields,
            ids[i],
            nfeat);
      }
    }
  }

  /** A copy of rows {@code [from, to)}. */
  public FeatureBatch slice(int from, int to) {
    return new FeatureBatch(
        to - from,
        fields,
        Arrays.copyOfRange(ids, from * fields, to * fields),
        Arrays.copyOfRange(values, from * fields, to * fields));
  }
}
