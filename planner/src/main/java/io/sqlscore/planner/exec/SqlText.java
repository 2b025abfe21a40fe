package io.sqlscore.planner.exec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import io.sqlscore.udf.explain.ValueText;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Renders one column's values as UTF-8 text the way SQL shows them (explanations report
 * values). Strings are copied as their bytes and integers written as digits, without boxing or
 * allocation, since this runs for every field of every explained cross feature.
 *
 * <p>The column's Arrow type is resolved once, when the renderer is made for a batch, and
 * INTEGER, BIGINT and VARCHAR values are then read through plain byte-buffer views of the
 * column's buffers, made once per batch: reading through the vector checked the buffer's
 * reference count and bounds on every value, about a fifth of the rendering time. Testing every
 * value against the vector interfaces instead made the scoring threads share the JVM's
 * one-entry cache of interface checks: once a session had explained a model with columns of
 * several types, rendering values became 3x slower for every model after it.
 */
final class SqlText {
  private enum Kind { INT, BIGINT, TEXT, OTHER_INT, OTHER }

  private final FieldVector column;
  private final Kind kind;
  /** INT, BIGINT, TEXT: the validity bits; null for the other kinds, read through the vector. */
  private final ByteBuffer validity;
  /** INT, BIGINT: the values; TEXT: the UTF-8 bytes. */
  private final ByteBuffer data;
  /** TEXT: the offsets of the values in {@link #data}. */
  private final ByteBuffer offsets;

  private SqlText(FieldVector column, Kind kind, ByteBuffer validity, ByteBuffer data, ByteBuffer offsets) {
    this.column = column;
    this.kind = kind;
    this.validity = validity;
    this.data = data;
    this.offsets = offsets;
  }

  /** The renderer of the values {@code column} holds now (its buffers must stay as they are while it is used). */
  static SqlText of(FieldVector column) {
    int rows = column.getValueCount();
    if (column instanceof IntVector || column instanceof BigIntVector) {
      Kind kind = column instanceof IntVector ? Kind.INT : Kind.BIGINT;
      int width = kind == Kind.INT ? Integer.BYTES : Long.BYTES;
      return new SqlText(column, kind, bits(column, rows), view(column.getDataBuffer(), (long) rows * width), null);
    }
    if (column instanceof VarCharVector) {
      VarCharVector text = (VarCharVector) column;
      ByteBuffer offsets = view(text.getOffsetBuffer(), (long) (rows + 1) * Integer.BYTES);
      int bytes = rows == 0 ? 0 : offsets.getInt(rows * Integer.BYTES);
      return new SqlText(column, Kind.TEXT, bits(column, rows), view(text.getDataBuffer(), bytes), offsets);
    }
    return new SqlText(column, column instanceof BaseIntVector ? Kind.OTHER_INT : Kind.OTHER, null, null, null);
  }

  /** Appends the value of row {@code row} to {@code out} as UTF-8 text, or NULL. */
  void append(int row, TextColumnBuffer out) {
    if (validity != null ? isNull(row) : column.isNull(row)) {
      out.addNull();
      return;
    }
    switch (kind) {
      case INT -> out.addDecimal(data.getInt(row * Integer.BYTES));
      case BIGINT -> out.addDecimal(data.getLong(row * Long.BYTES));
      case TEXT -> {
        int start = offsets.getInt(row * Integer.BYTES);
        out.add(data, start, offsets.getInt((row + 1) * Integer.BYTES) - start);
      }
      case OTHER_INT -> out.addDecimal(((BaseIntVector) column).getValueAsLong(row));
      default -> out.add(ValueText.of(column.getObject(row)).getBytes(StandardCharsets.UTF_8));
    }
  }

  private boolean isNull(int row) {
    return (validity.get(row >>> 3) & (1 << (row & 7))) == 0;
  }

  private static ByteBuffer bits(FieldVector column, int rows) {
    return view(column.getValidityBuffer(), (rows + 7) / 8);
  }

  private static ByteBuffer view(ArrowBuf buffer, long bytes) {
    return buffer.nioBuffer(0, Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }
}
