package io.sqlscore.udf.explain;

import java.math.BigDecimal;

/**
 * How an explanation shows a row's value of a field (the {@code values} of each cross feature):
 * the text SQL shows for it. Integers as their digits, strings as they are, decimals in plain
 * notation, and floating-point values with at least one decimal ({@code 40.0}) and no exponent.
 */
public final class ValueText {
  private ValueText() {}

  /** The text of {@code value} (a Java value of the column), or null for NULL. */
  public static String of(Object value) {
    if (value == null) {
      return null;
    }
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
