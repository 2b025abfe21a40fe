package io.sqlscore.planner.exec;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * A batch's worth of ints gathered in a plain array and moved into an {@link IntVector}, or,
 * read as the end offsets of consecutive lists, into the offsets of a {@link ListVector}.
 * Reused from batch to batch.
 */
final class IntColumnBuffer {
  private int[] values = new int[1 << 8];
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
  void add(int value) {
    if (count == values.length) {
      values = Arrays.copyOf(values, count * 2);
    }
    values[count++] = value;
  }

  /** Appends the values of {@code next}, each plus {@code shift}. */
  void addAll(IntColumnBuffer next, int shift) {
    for (int i = 0; i < next.count; i++) {
      add(next.values[i] + shift);
    }
  }

  /** Replaces {@code vector}'s values with those added since {@link #clear}, none NULL. */
  void writeTo(IntVector vector) {
    vector.allocateNew(Math.max(count, 1));
    for (int i = 0; i < count; i++) {
      vector.set(i, values[i]);
    }
    vector.setValueCount(count);
  }

  /**
   * Makes {@code list} hold one non-NULL list per value added, each ending (exclusive) at that
   * value in the list's child vector; the child is filled separately.
   */
  void writeEndsTo(ListVector list) {
    while (list.getValueCapacity() < count) {
      list.reAlloc();
    }
    ArrowBuf offsets = list.getOffsetBuffer();
    offsets.setInt(0, 0);
    for (int i = 0; i < count; i++) {
      offsets.setInt((i + 1L) * Integer.BYTES, values[i]);
    }
    Validity.setAll(list.getValidityBuffer(), count);
    list.setLastSet(count - 1);
  }
}
