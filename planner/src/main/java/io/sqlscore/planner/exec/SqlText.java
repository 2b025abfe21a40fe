package io.sqlscore.planner.exec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Renders a row's column value as UTF-8 text the way SQL shows it (explanations report values).
 * Strings are copied as their bytes and integers written directly, without boxing, since this
 * runs for every field of every explained cross feature.
 */
final class SqlText {
  private SqlText() {}

  /** The value of row {@code row} of {@code column} as UTF-8 text, or null for SQL NULL. */
  static byte[] of(FieldVector column, int row) {
    if (column.isNull(row)) {
      return null;
    }
    if (column instanceof VarCharVector) {
      return ((VarCharVector) column).get(row);
    }
    if (column instanceof BaseIntVector) {
      return Long.toString(((BaseIntVector) column).getValueAsLong(row)).getBytes(StandardCharsets.ISO_8859_1);
    }
    return render(column.getObject(row)).getBytes(StandardCharsets.UTF_8);
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
