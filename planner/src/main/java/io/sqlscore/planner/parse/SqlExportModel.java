package io.sqlscore.planner.parse;

import java.util.List;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code EXPORT MODEL name[@version|@alias] TO 'path'}: write a stored version as a package. */
public final class SqlExportModel extends SqlModelStatement {
  private final SqlModelRef ref;
  private final SqlNode target;

  /** Creates the statement. */
  public SqlExportModel(SqlParserPos pos, SqlModelRef ref, SqlNode target) {
    super(pos, "EXPORT MODEL");
    this.ref = ref;
    this.target = target;
  }

  /** The model reference. */
  public SqlModelRef ref() {
    return ref;
  }

  /** The target path: a directory, or a file ending in {@code .zip}. */
  public String target() {
    return ((SqlLiteral) target).getValueAs(String.class);
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(ref, target);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("EXPORT MODEL");
    ref.unparse(writer, 0, 0);
    writer.keyword("TO");
    target.unparse(writer, 0, 0);
  }
}
