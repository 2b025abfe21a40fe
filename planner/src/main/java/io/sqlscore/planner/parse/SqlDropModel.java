package io.sqlscore.planner.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code DROP MODEL [IF EXISTS] name [VERSION n]}. */
public final class SqlDropModel extends SqlModelStatement {
  private final boolean ifExists;
  private final SqlIdentifier name;
  private final @Nullable SqlNode version;

  /** Creates the statement; a null version drops the whole model. */
  public SqlDropModel(
      SqlParserPos pos, boolean ifExists, SqlIdentifier name, @Nullable SqlNode version) {
    super(pos, "DROP MODEL");
    this.ifExists = ifExists;
    this.name = name;
    this.version = version;
  }

  /** Whether a missing model is silently ignored. */
  public boolean ifExists() {
    return ifExists;
  }

  /** The model name as written. */
  public String name() {
    return name.getSimple();
  }

  /** The version to drop, or empty to drop the model with all its versions. */
  public OptionalLong version() {
    return version == null
        ? OptionalLong.empty()
        : OptionalLong.of(((SqlLiteral) version).longValue(true));
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>(List.of(name));
    if (version != null) {
      operands.add(version);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP MODEL");
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, 0, 0);
    if (version != null) {
      writer.keyword("VERSION");
      version.unparse(writer, 0, 0);
    }
  }
}
