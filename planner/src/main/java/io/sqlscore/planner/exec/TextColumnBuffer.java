package io.sqlscore.planner.exec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.VarCharVector;

/**
 * Part of a batch's UTF-8 strings (or NULLs) gathered in plain arrays and copied into a
 * {@link VarCharVector} with bulk copies, instead of one bounds- and capacity-checked
 * {@code setSafe} per value. Several buffers fill one vector: the vector is sized and
 * {@link #define defined} for all of them, each is {@link #copyTo copied} at its position, then
 * the vector's value count is set. Reused from batch to batch.
 */
final class TextColumnBuffer {
  private byte[] bytes = new byte[1 << 12];
  private int[] ends = new int[1 << 8];
  private int[] nulls = new int[1 << 4];
  private int count;
  private int size;
  private int nullCount;

  /** Forgets the values of the previous batch. */
  void clear() {
    count = 0;
    size = 0;
    nullCount = 0;
  }

  /** The number of values added since {@link #clear}. */
  int count() {
    return count;
  }

  /** The number of UTF-8 bytes added since {@link #clear}. */
  int byteCount() {
    return size;
  }

  /** Appends {@code value}'s bytes as one value. */
  void add(byte[] value) {
    add(value, 0, value.length);
  }

  /** Appends {@code length} bytes of {@code value} from {@code from} as one value. */
  void add(byte[] value, int from, int length) {
    reserve(length);
    System.arraycopy(value, from, bytes, size, length);
    size += length;
    end();
  }

  /** Appends {@code length} bytes of {@code source} from {@code from} as one value. */
  void add(ByteBuffer source, int from, int length) {
    reserve(length);
    source.get(from, bytes, size, length);
    size += length;
    end();
  }

  /** Appends the decimal text of {@code value} as one value. */
  void addDecimal(long value) {
    if (value != (int) value || value == Integer.MIN_VALUE) {
      add(Long.toString(value).getBytes(StandardCharsets.ISO_8859_1));
      return;
    }
    reserve(11);
    int digits = (int) value;
    if (digits < 0) {
      bytes[size++] = '-';
      digits = -digits;
    }
    int length = 1;
    for (int limit = 10; length < 10 && digits >= limit; limit *= 10) {
      length++;
    }
    int at = size + length;
    // Two digits per division, from the right.
    while (digits >= 100) {
      int pair = digits % 100;
      digits /= 100;
      bytes[--at] = (byte) ('0' + pair % 10);
      bytes[--at] = (byte) ('0' + pair / 10);
    }
    bytes[--at] = (byte) ('0' + digits % 10);
    if (digits >= 10) {
      bytes[--at] = (byte) ('0' + digits / 10);
    }
    size += length;
    end();
  }

  /** Appends a NULL. */
  void addNull() {
    if (nullCount == nulls.length) {
      nulls = Arrays.copyOf(nulls, nullCount * 2);
    }
    nulls[nullCount++] = count;
    end();
  }

  /**
   * Makes {@code vector}'s next allocation hold {@code values} values of {@code bytes} bytes in
   * all; a parent vector's allocation then allocates it.
   */
  static void size(VarCharVector vector, int values, int bytes) {
    vector.setInitialCapacity(values, (bytes + 1.0) / Math.max(values, 1));
  }

  /**
   * Makes the allocated {@code vector} hold {@code values} values of {@code bytes} bytes in all,
   * every one non-NULL until a {@link #copyTo} says otherwise; they are then copied in.
   */
  static void define(VarCharVector vector, int values, int bytes) {
    while (vector.getValueCapacity() < values) {
      vector.reallocValidityAndOffsetBuffers();
    }
    while (vector.getDataBuffer().capacity() < bytes) {
      vector.reallocDataBuffer();
    }
    vector.getOffsetBuffer().setInt(0, 0);
    Validity.setAll(vector.getValidityBuffer(), values);
    vector.setLastSet(values - 1);
  }

  /**
   * Copies these values into {@code vector} (already {@link #define defined}) as its values
   * from index {@code at}, their bytes from byte {@code byteAt} of its data.
   */
  void copyTo(VarCharVector vector, int at, int byteAt) {
    if (count == 0) {
      return;
    }
    vector.getDataBuffer().setBytes(byteAt, bytes, 0, size);
    IntColumnBuffer.putEnds(vector.getOffsetBuffer(), at, ends, count, byteAt);
    for (int i = 0; i < nullCount; i++) {
      BitVectorHelper.unsetBit(vector.getValidityBuffer(), at + nulls[i]);
    }
  }

  private void reserve(int length) {
    if (size + length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
    }
  }

  private void end() {
    if (count == ends.length) {
      ends = Arrays.copyOf(ends, count * 2);
    }
    ends[count++] = size;
  }
}
