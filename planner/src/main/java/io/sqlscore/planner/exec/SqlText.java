package io.sqlscore.planner.exec;

import java.math.BigDecimal;
import org.apache.arrow.vector.FieldVector;

/** Renders a row's column value as text the way SQL shows it (explanations report values). */
final class SqlText {
  private SqlText() {}

  /** The value of row {@code row} of {@code column} as text, or null for SQL NULL. */
  static String of(FieldVector column, int row) {
    if (column.isNull(row)) {
      return null;
    }
    Object value = column.getObject(row);
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
