package io.sqlscore.planner.parse;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE MODEL name USING kind [(hyperparameter = value, ...)] AS query [WITH (option =
 * value, ...)]}: train a new version of a model on the rows of a query. The query is kept as
 * written, for DuckDB to run.
 */
public final class SqlTrainModel extends SqlModelStatement {
  private final SqlIdentifier name;
  private final SqlIdentifier kind;
  private final SqlNodeList hyperparameters;
  private final SqlNode query;
  private final SqlNodeList options;

  /** Creates the statement; {@code query} is a character literal holding the query's text. */
  public SqlTrainModel(SqlParserPos pos, SqlIdentifier name, SqlIdentifier kind, SqlNodeList hyperparameters,
      SqlNode query, SqlNodeList options) {
    super(pos, "CREATE MODEL");
    this.name = name;
    this.kind = kind;
    this.hyperparameters = hyperparameters;
    this.query = query;
    this.options = options;
  }

  /** The model name as written. */
  public String name() {
    return name.getSimple();
  }

  /** The model kind as written, lower-cased. */
  public String kind() {
    return kind.getSimple().toLowerCase(Locale.ROOT);
  }

  /** The {@code USING kind (...)} hyperparameters, keys lower-cased, values as text. */
  public Map<String, String> hyperparameters() {
    return ModelOptions.toMap(hyperparameters, "hyperparameter");
  }

  /** The training query exactly as written. */
  public String queryText() {
    return ((SqlLiteral) query).getValueAs(String.class);
  }

  /** The {@code WITH (...)} training options, keys lower-cased, values as text. */
  public Map<String, String> options() {
    return ModelOptions.toMap(options, "training option");
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, kind, hyperparameters, query, options);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE MODEL");
    name.unparse(writer, 0, 0);
    writer.keyword("USING");
    kind.unparse(writer, 0, 0);
    ModelOptions.unparse(writer, hyperparameters);
    writer.keyword("AS");
    writer.print(queryText());
    if (options.size() > 0) {
      writer.keyword("WITH");
      ModelOptions.unparse(writer, options);
    }
  }
}
