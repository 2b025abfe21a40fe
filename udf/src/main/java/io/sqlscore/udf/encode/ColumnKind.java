package io.sqlscore.udf.encode;

import java.math.BigDecimal;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The families of Arrow column types (and of Java value classes) that features can read. */
enum ColumnKind {
  /** Signed or unsigned integers of any width. */
  INTEGER("integer"),
  /** Half, single or double precision floats. */
  FLOATING("floating-point"),
  /** 128- or 256-bit decimals. */
  DECIMAL("decimal"),
  /** UTF-8 strings (Utf8, LargeUtf8, Utf8View). */
  STRING("string"),
  /** Booleans, categories of the strings {@code true} and {@code false}. */
  BOOLEAN("boolean"),
  /** Anything else (dates, binary, nested, ...). */
  OTHER("other");

  private final String description;

  ColumnKind(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  /** The family of Java values of class {@code type} (see {@link ValueRows}). */
  static ColumnKind of(Class<?> type) {
    if (type == Long.class || type == Integer.class || type == Short.class || type == Byte.class) {
      return INTEGER;
    }
    if (type == Double.class || type == Float.class) {
      return FLOATING;
    }
    if (type == BigDecimal.class) {
      return DECIMAL;
    }
    if (type == Boolean.class) {
      return BOOLEAN;
    }
    return CharSequence.class.isAssignableFrom(type) ? STRING : OTHER;
  }

  static ColumnKind of(ArrowType type) {
    switch (type.getTypeID()) {
      case Int:
        return INTEGER;
      case FloatingPoint:
        return FLOATING;
      case Decimal:
        return DECIMAL;
      case Utf8:
      case LargeUtf8:
      case Utf8View:
        return STRING;
      case Bool:
        return BOOLEAN;
      default:
        return OTHER;
    }
  }
}
