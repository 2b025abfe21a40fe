package io.sqlscore.planner.exec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.VarCharVector;

/**
 * A batch's worth of UTF-8 strings (or NULLs) gathered in plain arrays and moved into a
 * {@link VarCharVector} with one copy, instead of one bounds- and capacity-checked
 * {@code setSafe} per value. Reused from batch to batch.
 */
final class TextColumnBuffer {
  private byte[] bytes = new byte[1 << 12];
  private int[] ends = new int[1 << 8];
  private boolean[] isNull = new boolean[1 << 8];
  private int count;
  private int size;

  /** Forgets the values of the previous batch. */
  void clear() {
    count = 0;
    size = 0;
  }

  /** The number of values added since {@link #clear}. */
  int count() {
    return count;
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
    end(size, false);
  }

  /** Appends {@code length} bytes of {@code source} from {@code from} as one value. */
  void add(ArrowBuf source, long from, int length) {
    reserve(length);
    source.getBytes(from, bytes, size, length);
    size += length;
    end(size, false);
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
    int start = size;
    do {
      bytes[size++] = (byte) ('0' + digits % 10);
      digits /= 10;
    } while (digits != 0);
    for (int i = start, j = size - 1; i < j; i++, j--) {
      byte swap = bytes[i];
      bytes[i] = bytes[j];
      bytes[j] = swap;
    }
    end(size, false);
  }

  /** Appends a NULL. */
  void addNull() {
    end(size, true);
  }

  /** Appends the values of {@code next}. */
  void addAll(TextColumnBuffer next) {
    int shift = size;
    reserve(next.size);
    System.arraycopy(next.bytes, 0, bytes, size, next.size);
    size += next.size;
    for (int i = 0; i < next.count; i++) {
      end(next.ends[i] + shift, next.isNull[i]);
    }
  }

  /** Replaces {@code vector}'s buffers with the values added since {@link #clear}. */
  void writeTo(VarCharVector vector) {
    vector.allocateNew(Math.max(size, 1), Math.max(count, 1));
    vector.getDataBuffer().setBytes(0, bytes, 0, size);
    ArrowBuf offsets = vector.getOffsetBuffer();
    ArrowBuf validity = vector.getValidityBuffer();
    offsets.setInt(0, 0);
    for (int i = 0; i < count; i++) {
      offsets.setInt((i + 1L) * Integer.BYTES, ends[i]);
      if (!isNull[i]) {
        BitVectorHelper.setBit(validity, i);
      }
    }
    vector.setLastSet(count - 1);
    vector.setValueCount(count);
  }

  private void reserve(int length) {
    if (size + length > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
    }
  }

  private void end(int end, boolean nullValue) {
    if (count == ends.length) {
      ends = Arrays.copyOf(ends, count * 2);
      isNull = Arrays.copyOf(isNull, count * 2);
    }
    ends[count] = end;
    isNull[count] = nullValue;
    count++;
  }
}
