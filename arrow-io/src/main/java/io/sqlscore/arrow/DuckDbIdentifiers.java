package io.sqlscore.arrow;

/** Quoting of identifiers and string literals for SQL sent to DuckDB. */
public final class DuckDbIdentifiers {
  private DuckDbIdentifiers() {}

  /** {@code name} as a double-quoted DuckDB identifier. */
  public static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** A dotted name whose parts are each quoted: {@code "schema"."table"}. */
  public static String quoteQualified(String... parts) {
    StringBuilder sb = new StringBuilder();
    for (String part : parts) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(quote(part));
    }
    return sb.toString();
  }

  /** {@code text} as a single-quoted DuckDB string literal. */
  public static String literal(String text) {
    return '\'' + text.replace("'", "''") + '\'';
  }
}
