package io.sqlscore.planner.training;

import java.util.Locale;
import java.util.Set;

/**
 * What a DuckDB column type can be in a training query: a category (text, boolean, enum), an
 * integer (a category when it has few distinct values, else a number), a real number, or
 * nothing a model can take.
 */
enum ColumnClass {
  /** VARCHAR: a vocabulary feature. */
  TEXT,
  /** BOOLEAN: a vocabulary feature of {@code true} and {@code false}; a binary label. */
  BOOLEAN,
  /** ENUM: a vocabulary feature of its labels. */
  ENUM,
  /** Signed or unsigned integers of any width. */
  INTEGER,
  /** FLOAT, DOUBLE and DECIMAL: numeric features. */
  REAL,
  /** Anything else (dates, times, blobs, lists, structs, ...): refused. */
  UNSUPPORTED;

  private static final Set<String> INTEGERS = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
      "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT");

  /** The class of a type as DuckDB's DESCRIBE spells it. */
  static ColumnClass of(String duckType) {
    String t = duckType.trim().toUpperCase(Locale.ROOT);
    if (t.equals("VARCHAR") || t.startsWith("VARCHAR(")) {
      return TEXT;
    }
    if (t.equals("BOOLEAN")) {
      return BOOLEAN;
    }
    if (t.startsWith("ENUM(")) {
      return ENUM;
    }
    if (INTEGERS.contains(t)) {
      return INTEGER;
    }
    if (t.equals("FLOAT") || t.equals("DOUBLE") || t.startsWith("DECIMAL")) {
      return REAL;
    }
    return UNSUPPORTED;
  }

  /** Whether values of this class can be compared as numbers (a label, or a feature against it). */
  boolean isNumber() {
    return this == BOOLEAN || this == INTEGER || this == REAL;
  }

  /** What to do with a column of an unsupported DuckDB type, in words. */
  static String advice(String duckType) {
    String t = duckType.trim().toUpperCase(Locale.ROOT);
    if (t.startsWith("DATE") || t.startsWith("TIME")) {
      return "derive a number or a category from it, e.g. year(c), month(c), dayofweek(c) or "
          + "date_diff('day', c, DATE '2026-01-01'), or leave it out of the SELECT";
    }
    if (t.equals("INTERVAL")) {
      return "turn it into a number, e.g. epoch(c) for seconds, or leave it out of the SELECT";
    }
    if (t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION")) {
      return "select one element or field of it (c[1], c.field), or leave it out of the SELECT";
    }
    if (t.equals("JSON")) {
      return "extract a field, e.g. c->>'$.field', or leave it out of the SELECT";
    }
    if (t.equals("UUID")) {
      return "cast it to VARCHAR if it is a category (an identifier rarely generalises), or leave it out of the SELECT";
    }
    if (t.equals("BLOB") || t.equals("BIT")) {
      return "leave it out of the SELECT";
    }
    return "cast it to VARCHAR (a category) or DOUBLE (a number), or leave it out of the SELECT";
  }
}
