package io.sqlscore.udf.encode;

import org.apache.arrow.vector.types.pojo.ArrowType;

/** The families of Arrow column types that features can read. */
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
