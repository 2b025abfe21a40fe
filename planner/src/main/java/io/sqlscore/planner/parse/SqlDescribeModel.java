package io.sqlscore.planner.parse;

import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DESCRIBE MODEL name[@version|@alias]}. */
public final class SqlDescribeModel extends SqlModelStatement {
  private final SqlModelRef ref;

  /** Creates the statement. */
  public SqlDescribeModel(SqlParserPos pos, SqlModelRef ref) {
    super(pos, "DESCRIBE MODEL");
    this.ref = ref;
  }

  /** The model reference. */
  public SqlModelRef ref() {
    return ref;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(ref);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DESCRIBE MODEL");
    ref.unparse(writer, 0, 0);
  }
}
