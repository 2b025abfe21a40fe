package io.sqlscore.planner.parse;

import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Maps the parser's 1-based line and column positions back to the statement's text, so that a
 * part of a statement can be kept exactly as written. Lines end at {@code \n}, {@code \r\n} or
 * a lone {@code \r}, as the parser counts them; the parser counts a tab as one column.
 */
public final class SourceText {
  private SourceText() {}

  /** The text from the start of {@code pos} to its end, both inclusive. */
  public static String slice(String sql, SqlParserPos pos) {
    if (sql == null) {
      throw new IllegalStateException("the parser was not given the statement's text");
    }
    int from = offset(sql, pos.getLineNum(), pos.getColumnNum());
    int to = offset(sql, pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
    return sql.substring(from, Math.min(to, sql.length()));
  }

  /** The index in {@code sql} of the character at {@code line} and {@code column}. */
  static int offset(String sql, int line, int column) {
    int at = 0;
    for (int l = 1; l < line; l++) {
      while (at < sql.length() && sql.charAt(at) != '\n' && sql.charAt(at) != '\r') {
        at++;
      }
      if (at < sql.length() && sql.charAt(at) == '\r' && at + 1 < sql.length() && sql.charAt(at + 1) == '\n') {
        at++;
      }
      at++;
    }
    return Math.min(at + column - 1, sql.length());
  }
}
