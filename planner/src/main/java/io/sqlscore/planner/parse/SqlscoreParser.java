package io.sqlscore.planner.parse;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.parse.impl.SqlscoreParserImpl;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses sqlscore SQL: Calcite's grammar in {@link Lex#JAVA} style (identifiers keep their
 * case) with DuckDB's quoting (double quotes for identifiers, single quotes for strings),
 * case-insensitive name matching like DuckDB, and the model DDL extensions.
 */
public final class SqlscoreParser {
  /** The parser configuration shared by every statement. */
  public static final SqlParser.Config CONFIG =
      SqlParser.config()
          .withLex(Lex.JAVA)
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.UNCHANGED)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(false)
          .withConformance(SqlConformanceEnum.BABEL)
          .withIdentifierMaxLength(1024)
          .withParserFactory(SqlscoreParserImpl.FACTORY);

  /** A syntax error at a reserved word right after a dot: a field or column named like a keyword. */
  private static final Pattern RESERVED_AFTER_DOT = Pattern.compile("^Encountered \"\\. ([A-Za-z_]+)\"");

  private SqlscoreParser() {}

  /**
   * Parses one statement. A syntax error becomes a {@link SqlscoreException} with code
   * {@link ErrorCode#SYNTAX_ERROR} whose message gives the line and column.
   */
  public static SqlNode parse(String sql) {
    try {
      return SqlParser.create(sql, CONFIG).parseStmt();
    } catch (SqlParseException e) {
      throw syntaxError(e);
    }
  }

  /** The sqlscore exception for a Calcite parse error, with its position. */
  public static SqlscoreException syntaxError(SqlParseException e) {
    SqlParserPos pos = e.getPos();
    String first = e.getMessage() == null ? "syntax error" : e.getMessage().split("\n")[0];
    String where = pos == null || pos.getLineNum() == 0
        ? ""
        : String.format(" at line %d, column %d", pos.getLineNum(), pos.getColumnNum());
    String message = first.startsWith("Encountered")
        ? "syntax error" + where + ": " + first.replace(" at line " + pos.getLineNum()
            + ", column " + pos.getColumnNum(), "")
        : first;
    if (first.startsWith("Incorrect syntax near the keyword 'UNNEST'")) {
      message += " UNNEST makes rows of a list in FROM, not in the select list: write"
          + " FROM t CROSS JOIN UNNEST(t.list) AS x, then select from x.";
    }
    Matcher reserved = RESERVED_AFTER_DOT.matcher(first);
    if (reserved.find()) {
      String word = reserved.group(1);
      message += " " + word + " is a reserved word in SQL; to name a field or column, quote it: t.\"" + word
          + "\" (EXPLAIN_PREDICT's cross features have the fields \"values\" and \"order\").";
    }
    return new SqlscoreException(ErrorCode.SYNTAX_ERROR, message, e);
  }
}
