package io.sqlscore.planner.parse;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [OR REPLACE] [TEMP] TABLE [IF NOT EXISTS] name AS query}. sqlscore plans the
 * query itself when it scores rows; otherwise the statement runs in DuckDB unchanged.
 */
public final class SqlCreateTableAs extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE TABLE AS", SqlKind.CREATE_TABLE);

  private final boolean replace;
  private final boolean temporary;
  private final boolean ifNotExists;
  private final SqlIdentifier name;
  private final SqlNode query;

  /** Creates the statement. */
  public SqlCreateTableAs(
      SqlParserPos pos, boolean replace, boolean temporary, boolean ifNotExists,
      SqlIdentifier name, SqlNode query) {
    super(pos);
    this.replace = replace;
    this.temporary = temporary;
    this.ifNotExists = ifNotExists;
    this.name = name;
    this.query = query;
  }

  /** The table name parts as written. */
  public List<String> name() {
    return name.names;
  }

  /** The query that fills the table. */
  public SqlNode query() {
    return query;
  }

  /** The statement's text up to and including {@code AS}, for DuckDB. */
  public String prefix() {
    StringBuilder sb = new StringBuilder("CREATE ");
    if (replace) {
      sb.append("OR REPLACE ");
    }
    if (temporary) {
      sb.append("TEMPORARY ");
    }
    sb.append("TABLE ");
    if (ifNotExists) {
      sb.append("IF NOT EXISTS ");
    }
    sb.append(io.sqlscore.arrow.DuckDbIdentifiers.quoteQualified(name.names.toArray(new String[0])));
    return sb.append(" AS ").toString();
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.print(prefix());
    query.unparse(writer, 0, 0);
  }
}
