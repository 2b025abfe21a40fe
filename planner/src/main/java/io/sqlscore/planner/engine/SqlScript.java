package io.sqlscore.planner.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexical helpers over SQL text that respect string literals ({@code '...'}, {@code E'...'},
 * {@code $tag$...$tag$}), quoted identifiers and comments: splitting a script into statements,
 * and blanking out everything that is not code.
 */
public final class SqlScript {
  private SqlScript() {}

  /** The statements of a script, split at top-level semicolons, blank ones dropped. */
  public static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < script.length()) {
      int skip = skipNonCode(script, i);
      if (skip > i) {
        i = skip;
        continue;
      }
      if (script.charAt(i) == ';') {
        add(statements, script.substring(start, i));
        start = i + 1;
      }
      i++;
    }
    add(statements, script.substring(start));
    return statements;
  }

  /**
   * {@code sql} with comments, string literals and quoted identifiers replaced by spaces, so that
   * keywords can be searched for without false matches. Offsets are preserved.
   */
  public static String codeOnly(String sql) {
    StringBuilder sb = new StringBuilder(sql);
    int i = 0;
    while (i < sql.length()) {
      int skip = skipNonCode(sql, i);
      if (skip > i) {
        for (int j = i; j < skip; j++) {
          sb.setCharAt(j, ' ');
        }
        i = skip;
      } else {
        i++;
      }
    }
    return sb.toString();
  }

  /** Whether {@code sql} has any code, not only comments and whitespace. */
  public static boolean hasCode(String sql) {
    int i = 0;
    while (i < sql.length()) {
      int skip = skipNonCode(sql, i);
      if (skip > i) {
        if (!sql.startsWith("--", i) && !sql.startsWith("/*", i)) {
          return true;
        }
        i = skip;
      } else {
        if (!Character.isWhitespace(sql.charAt(i))) {
          return true;
        }
        i++;
      }
    }
    return false;
  }

  private static void add(List<String> statements, String text) {
    if (hasCode(text)) {
      statements.add(text.strip());
    }
  }

  /** The index after the comment, literal or quoted identifier starting at {@code i}, or i. */
  private static int skipNonCode(String s, int i) {
    char c = s.charAt(i);
    if (c == '-' && s.startsWith("--", i)) {
      int end = s.indexOf('\n', i);
      return end < 0 ? s.length() : end;
    }
    if (c == '/' && s.startsWith("/*", i)) {
      int end = s.indexOf("*/", i + 2);
      return end < 0 ? s.length() : end + 2;
    }
    if (c == '\'') {
      boolean backslashEscapes = i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
          && (i < 2 || !Character.isLetterOrDigit(s.charAt(i - 2)));
      return skipQuoted(s, i, '\'', backslashEscapes);
    }
    if (c == '"') {
      return skipQuoted(s, i, '"', false);
    }
    if (c == '$') {
      int tagEnd = s.indexOf('$', i + 1);
      if (tagEnd > i && s.substring(i + 1, tagEnd).chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')
          && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
        String tag = s.substring(i, tagEnd + 1);
        int end = s.indexOf(tag, tagEnd + 1);
        return end < 0 ? s.length() : end + tag.length();
      }
    }
    return i;
  }

  private static int skipQuoted(String s, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return s.length();
  }
}
