package io.sqlscore.planner.exec;

import java.util.Arrays;
import org.apache.arrow.vector.Float8Vector;

/** A batch's worth of doubles gathered in a plain array and moved into a {@link Float8Vector}. */
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

  /** Appends the values of {@code next}. */
  void addAll(DoubleColumnBuffer next) {
    for (int i = 0; i < next.count; i++) {
      add(next.values[i]);
    }
  }

  /** Replaces {@code vector}'s values with those added since {@link #clear}, none NULL. */
  void writeTo(Float8Vector vector) {
    fill(vector, values, count);
  }

  /** Replaces {@code vector}'s values with the first {@code count} of {@code values}, none NULL. */
  static void fill(Float8Vector vector, double[] values, int count) {
    vector.allocateNew(Math.max(count, 1));
    for (int i = 0; i < count; i++) {
      vector.set(i, values[i]);
    }
    vector.setValueCount(count);
  }
}
