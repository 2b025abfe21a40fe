package io.sqlscore.planner.exec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
 * <p>The column's Arrow type is resolved once, when the renderer is made, and each value then
 * goes through the path of that exact vector class. Testing every value against the vector
 * interfaces instead made the scoring threads share the JVM's one-entry cache of interface
 * checks: once a session had explained a model with columns of several types, rendering values
 * became 3x slower for every model after it.
 */
final class SqlText {
  private enum Kind { INT, BIGINT, TEXT, OTHER_INT, OTHER }

  private final FieldVector column;
  private final Kind kind;

  private SqlText(FieldVector column, Kind kind) {
    this.column = column;
    this.kind = kind;
  }

  /** The renderer of {@code column}'s values. */
  static SqlText of(FieldVector column) {
    Kind kind = column instanceof IntVector ? Kind.INT
        : column instanceof BigIntVector ? Kind.BIGINT
        : column instanceof VarCharVector ? Kind.TEXT
        : column instanceof BaseIntVector ? Kind.OTHER_INT
        : Kind.OTHER;
    return new SqlText(column, kind);
  }

  /** Appends the value of row {@code row} to {@code out} as UTF-8 text, or NULL. */
  void append(int row, TextColumnBuffer out) {
    switch (kind) {
      case INT -> {
        IntVector ints = (IntVector) column;
        if (ints.isNull(row)) {
          out.addNull();
        } else {
          out.addDecimal(ints.get(row));
        }
      }
      case BIGINT -> {
        BigIntVector longs = (BigIntVector) column;
        if (longs.isNull(row)) {
          out.addNull();
        } else {
          out.addDecimal(longs.get(row));
        }
      }
      case TEXT -> {
        VarCharVector text = (VarCharVector) column;
        if (text.isNull(row)) {
          out.addNull();
        } else {
          long start = text.getStartOffset(row);
          out.add(text.getDataBuffer(), start, (int) (text.getEndOffset(row) - start));
        }
      }
      case OTHER_INT -> {
        if (column.isNull(row)) {
          out.addNull();
        } else {
          out.addDecimal(((BaseIntVector) column).getValueAsLong(row));
        }
      }
      default -> {
        if (column.isNull(row)) {
          out.addNull();
        } else {
          out.add(render(column.getObject(row)).getBytes(StandardCharsets.UTF_8));
        }
      }
    }
  }

  private static String render(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
        return BigDecimal.valueOf(d).setScale(1).toPlainString();
      }
      return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : value.toString();
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toPlainString();
    }
    return value.toString();
  }
}
