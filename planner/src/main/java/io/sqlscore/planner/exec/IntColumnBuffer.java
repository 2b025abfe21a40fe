package io.sqlscore.planner.exec;

import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Part of a batch's ints gathered in a plain array and copied into an {@link IntVector}, or,
 * read as the end offsets of consecutive lists, into the offsets of a {@link ListVector}.
 * Several buffers fill one vector, each at its position, after the vector is allocated and
 * defined for all of them. Reused from batch to batch.
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

  /** Makes the allocated {@code vector} hold {@code count} values, none NULL; they are then copied in. */
  static void define(IntVector vector, int count) {
    while (vector.getValueCapacity() < count) {
      vector.reAlloc();
    }
    Validity.setAll(vector.getValidityBuffer(), count);
  }

  /** Copies these values into {@code vector} (already {@link #define defined}) from index {@code at}. */
  void copyTo(IntVector vector, int at) {
    if (count == 0) {
      return;
    }
    ints(vector.getDataBuffer(), at, count).put(values, 0, count);
  }

  /**
   * Makes the allocated {@code list} hold {@code count} lists, none NULL, whose ends are then
   * {@link #copyEndsTo copied} in; the child vector is filled separately.
   */
  static void defineEnds(ListVector list, int count) {
    while (list.getValueCapacity() < count) {
      list.reAlloc();
    }
    list.getOffsetBuffer().setInt(0, 0);
    Validity.setAll(list.getValidityBuffer(), count);
    list.setLastSet(count - 1);
  }

  /**
   * Makes these values, each plus {@code shift}, the end offsets (exclusive, in the list's child
   * vector) of the lists of {@code list} from index {@code at}.
   */
  void copyEndsTo(ListVector list, int at, int shift) {
    if (count == 0) {
      return;
    }
    putEnds(list.getOffsetBuffer(), at, values, count, shift);
  }

  /**
   * Writes the first {@code count} of {@code ends}, each plus {@code shift}, as the end offsets
   * of entries {@code at} to {@code at + count - 1} into the Arrow offset buffer {@code offsets}
   * (of a list or a variable-width vector).
   */
  static void putEnds(ArrowBuf offsets, int at, int[] ends, int count, int shift) {
    IntBuffer target = ints(offsets, at + 1L, count);
    for (int i = 0; i < count; i++) {
      target.put(i, ends[i] + shift);
    }
  }

  private static IntBuffer ints(ArrowBuf buffer, long from, int count) {
    return buffer.nioBuffer(from * Integer.BYTES, count * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
  }
}
