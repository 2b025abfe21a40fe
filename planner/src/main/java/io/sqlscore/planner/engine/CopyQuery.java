package io.sqlscore.planner.engine;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code COPY (query) TO ...} split at the parentheses around its query, so that sqlscore can
 * plan a query that scores rows while DuckDB writes the result with the statement's own target
 * and options ({@code FORMAT parquet}, {@code COMPRESSION zstd}, ...).
 *
 * @param query the text between the parentheses
 * @param target the text after the closing parenthesis ({@code TO 'file' (options)})
 */
record CopyQuery(String query, String target) {
  private static final Pattern START = Pattern.compile("^\\s*COPY\\s*\\(", Pattern.CASE_INSENSITIVE);

  /** Splits {@code sql} if it is a COPY of a parenthesized query. */
  static Optional<CopyQuery> of(String sql) {
    String code = SqlScript.codeOnly(sql);
    Matcher start = START.matcher(code);
    if (!start.find()) {
      return Optional.empty();
    }
    int depth = 1;
    for (int i = start.end(); i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return Optional.of(new CopyQuery(sql.substring(start.end(), i), sql.substring(i + 1)));
      }
    }
    return Optional.empty();
  }
}
