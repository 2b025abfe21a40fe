package io.sqlscore.planner.parse;

import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code SHOW MODELS}: one row per model with its latest version and aliases. */
public final class SqlShowModels extends SqlModelStatement {
  /** Creates the statement. */
  public SqlShowModels(SqlParserPos pos) {
    super(pos, "SHOW MODELS");
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of();
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SHOW MODELS");
  }
}
