package io.sqlscore.planner.parse;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;

/** A {@code (key = value, ...)} list of the model statements, as parsed: keys and literal values alternating. */
final class ModelOptions {
  private ModelOptions() {}

  /**
   * The options as a map, keys lower-cased, values as text, in the order written.
   *
   * @throws SqlscoreException INVALID_ARGUMENT when a key is given twice
   */
  static Map<String, String> toMap(SqlNodeList options, String what) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < options.size(); i += 2) {
      String key = ((SqlIdentifier) options.get(i)).getSimple().toLowerCase(Locale.ROOT);
      if (map.put(key, ((SqlLiteral) options.get(i + 1)).toValue()) != null) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "%s '%s' is given twice; give it once", what, key);
      }
    }
    return map;
  }

  /** Writes the list as {@code (key = value, ...)}; nothing when it is empty. */
  static void unparse(SqlWriter writer, SqlNodeList options) {
    if (options.size() == 0) {
      return;
    }
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (int i = 0; i + 1 < options.size(); i += 2) {
      writer.sep(",");
      options.get(i).unparse(writer, 0, 0);
      writer.keyword("=");
      options.get(i + 1).unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
