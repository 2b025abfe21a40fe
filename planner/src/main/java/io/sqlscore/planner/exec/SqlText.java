package io.sqlscore.planner.exec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Renders a row's column value as UTF-8 text the way SQL shows it (explanations report values).
 * Strings are copied as their bytes and integers written as digits, without boxing or
 * allocation, since this runs for every field of every explained cross feature.
 */
final class SqlText {
  private SqlText() {}

  /** Appends the value of row {@code row} of {@code column} to {@code out} as UTF-8 text, or NULL. */
  static void append(FieldVector column, int row, TextColumnBuffer out) {
    if (column.isNull(row)) {
      out.addNull();
    } else if (column instanceof VarCharVector) {
      VarCharVector text = (VarCharVector) column;
      long start = text.getStartOffset(row);
      out.add(text.getDataBuffer(), start, (int) (text.getEndOffset(row) - start));
    } else if (column instanceof BaseIntVector) {
      out.addDecimal(((BaseIntVector) column).getValueAsLong(row));
    } else {
      out.add(render(column.getObject(row)).getBytes(StandardCharsets.UTF_8));
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
