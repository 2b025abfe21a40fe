package io.sqlscore.planner.parse;

import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE MODEL name FROM 'path' [WITH (key = value, ...)]}: import a model package. */
public final class SqlCreateModel extends SqlModelStatement {
  private final SqlIdentifier name;
  private final SqlNode source;
  private final SqlNodeList options;

  /** Creates the statement; {@code options} alternates keys and literal values. */
  public SqlCreateModel(SqlParserPos pos, SqlIdentifier name, SqlNode source, SqlNodeList options) {
    super(pos, "CREATE MODEL");
    this.name = name;
    this.source = source;
    this.options = options;
  }

  /** The model name as written. */
  public String name() {
    return name.getSimple();
  }

  /** The package path (directory or .zip). */
  public String source() {
    return ((SqlLiteral) source).getValueAs(String.class);
  }

  /** The WITH options, keys lower-cased, values as text (a key given twice is an error). */
  public Map<String, String> options() {
    return ModelOptions.toMap(options, "option");
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, source, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE MODEL");
    name.unparse(writer, 0, 0);
    writer.keyword("FROM");
    source.unparse(writer, 0, 0);
    if (options.size() > 0) {
      writer.keyword("WITH");
      ModelOptions.unparse(writer, options);
    }
  }
}
