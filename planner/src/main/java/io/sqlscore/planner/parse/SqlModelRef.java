package io.sqlscore.planner.parse;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A model reference in DDL: {@code name}, {@code name@3} or {@code name@alias}. */
public final class SqlModelRef extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("MODEL REF", SqlKind.OTHER);

  private final String name;
  private final @Nullable String qualifier;

  /** Creates a reference; {@code qualifier} is a version number, an alias, or null. */
  public SqlModelRef(SqlParserPos pos, String name, @Nullable String qualifier) {
    super(pos);
    this.name = name;
    this.qualifier = qualifier;
  }

  /** The model name as written. */
  public String name() {
    return name;
  }

  /** The text after {@code @}, or null when there is none. */
  public @Nullable String qualifier() {
    return qualifier;
  }

  /** The reference in the {@code name@qualifier} form the registry resolves. */
  public String text() {
    return qualifier == null ? name : name + "@" + qualifier;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of();
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.print(text());
  }
}
