package io.sqlscore.planner.exec;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.vector.Float8Vector;

/**
 * Part of a batch's doubles gathered in a plain array and copied into a {@link Float8Vector}
 * at its position, after the vector is allocated and defined for all parts. Reused from batch to batch.
 */
final class DoubleColumnBuffer {
  private double[] values = new double[1 << 8];
  private int count;

  /** Forgets the values of the previous batch. */
  void clear() {
    count = 0;
  }

  /** The number of values added since {@link #clear}. */
  int count() {
    return count;
  }

  /** Appends {@code value}. */
  void add(double value) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = value;
  }

  /** Makes the allocated {@code vector} hold {@code count} values, none NULL; they are then copied in. */
  static void define(Float8Vector vector, int count) {
    while (vector.getValueCapacity() < count) {
      vector.reAlloc();
    }
    Validity.setAll(vector.getValidityBuffer(), count);
  }

  /** Copies these values into {@code vector} (already {@link #define defined}) from index {@code at}. */
  void copyTo(Float8Vector vector, int at) {
    copy(vector, at, values, count);
  }

  /** Replaces {@code vector}'s values with the first {@code count} of {@code values}, none NULL. */
  static void fill(Float8Vector vector, double[] values, int count) {
    vector.allocateNew(Math.max(count, 1));
    define(vector, count);
    copy(vector, 0, values, count);
    vector.setValueCount(count);
  }

  /** Copies the first {@code count} of {@code values} into the defined {@code vector} from index {@code at}. */
  static void copy(Float8Vector vector, int at, double[] values, int count) {
    if (count == 0) {
      return;
    }
    vector.getDataBuffer()
        .nioBuffer((long) at * Double.BYTES, count * Double.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asDoubleBuffer()
        .put(values, 0, count);
  }
}
