package io.sqlscore.planner.plan;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlString;

/** Writes a relational plan back as one DuckDB SQL statement. */
public class PushdownSqlWriter extends RelToSqlConverter {
  /** Creates a writer for the DuckDB dialect. */
  public PushdownSqlWriter() {
    super(DuckDbDialect.INSTANCE);
  }

  /** The DuckDB SQL of {@code rel}, with the mapping of its placeholders to parameters. */
  public PushdownSql write(RelNode rel) {
    SqlNode node = visitRoot(rel).asStatement();
    SqlString sql = node.toSqlString(c -> c.withDialect(DuckDbDialect.INSTANCE)
        .withClauseStartsLine(false).withClauseEndsLine(false).withIndentation(0)
        .withSelectListItemsOnSeparateLines(false).withQuoteAllIdentifiers(true));
    List<Integer> params = sql.getDynamicParameters();
    return new PushdownSql(sql.getSql().replace('\n', ' '), params == null ? List.of() : params);
  }
}
