package io.sqlscore.planner.parse;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code ALTER MODEL name SET ALIAS alias = version} (version given) or
 * {@code ALTER MODEL name DROP ALIAS alias} (version null).
 */
public final class SqlAlterModelAlias extends SqlModelStatement {
  private final SqlIdentifier name;
  private final SqlIdentifier alias;
  private final @Nullable SqlNode version;

  /** Creates the statement; a null version means DROP ALIAS. */
  public SqlAlterModelAlias(
      SqlParserPos pos, SqlIdentifier name, SqlIdentifier alias, @Nullable SqlNode version) {
    super(pos, "ALTER MODEL");
    this.name = name;
    this.alias = alias;
    this.version = version;
  }

  /** The model name as written. */
  public String name() {
    return name.getSimple();
  }

  /** The alias name as written. */
  public String alias() {
    return alias.getSimple();
  }

  /** True for SET ALIAS, false for DROP ALIAS. */
  public boolean isSet() {
    return version != null;
  }

  /** The version SET ALIAS points to. */
  public long version() {
    if (version == null) {
      throw new IllegalStateException("DROP ALIAS has no version");
    }
    return ((SqlLiteral) version).longValue(true);
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>(List.of(name, alias));
    if (version != null) {
      operands.add(version);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER MODEL");
    name.unparse(writer, 0, 0);
    writer.keyword(isSet() ? "SET ALIAS" : "DROP ALIAS");
    alias.unparse(writer, 0, 0);
    if (version != null) {
      writer.keyword("=");
      version.unparse(writer, 0, 0);
    }
  }
}
