package io.sqlscore.planner.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code EXPLAIN MODEL name[@v] ON (query) [AS name]}: the dataset-level explanation of a model
 * over the rows of a query, optionally stored under a name.
 */
public final class SqlExplainModel extends SqlModelStatement {
  private final SqlModelRef ref;
  private final SqlNode query;
  private final @Nullable SqlIdentifier saveAs;

  /** Creates the statement. */
  public SqlExplainModel(
      SqlParserPos pos, SqlModelRef ref, SqlNode query, @Nullable SqlIdentifier saveAs) {
    super(pos, "EXPLAIN MODEL");
    this.ref = ref;
    this.query = query;
    this.saveAs = saveAs;
  }

  /** The model reference. */
  public SqlModelRef ref() {
    return ref;
  }

  /** The query whose rows are explained. */
  public SqlNode query() {
    return query;
  }

  /** The name to store the explanation under, if any. */
  public Optional<String> saveAs() {
    return Optional.ofNullable(saveAs).map(SqlIdentifier::getSimple);
  }

  @Override
  public List<SqlNode> getOperandList() {
    List<SqlNode> operands = new ArrayList<>(List.of(ref, query));
    if (saveAs != null) {
      operands.add(saveAs);
    }
    return operands;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("EXPLAIN MODEL");
    ref.unparse(writer, 0, 0);
    writer.keyword("ON");
    SqlWriter.Frame frame = writer.startList("(", ")");
    query.unparse(writer, 0, 0);
    writer.endList(frame);
    if (saveAs != null) {
      writer.keyword("AS");
      saveAs.unparse(writer, 0, 0);
    }
  }
}
