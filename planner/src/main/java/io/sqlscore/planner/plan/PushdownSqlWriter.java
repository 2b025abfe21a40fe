package io.sqlscore.planner.plan;

import java.util.List;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Uncollect;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlString;

/**
 * Writes a relational plan back as one DuckDB SQL statement: Calcite's RelToSqlConverter with
 * the DuckDB dialect, struct field access as {@code struct_extract}, UNNEST of an array of
 * structs in DuckDB's form (one column per struct field), and string aggregates' separators as
 * literals ({@link ConstantSeparators}).
 */
public class PushdownSqlWriter extends RelToSqlConverter {
  /** Unnests an array of structs into one column per field: DuckDB's own UNNEST gives one struct column. */
  private static final SqlSpecialOperator UNNEST_STRUCTS =
      new SqlSpecialOperator("UNNEST_STRUCTS", SqlKind.OTHER) {
        @Override
        public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
          writer.print("(SELECT \"u\".* FROM (SELECT UNNEST(");
          call.operand(0).unparse(writer, 0, 0);
          writer.print(") AS \"u\"))");
        }
      };

  /** Creates a writer for the DuckDB dialect. */
  public PushdownSqlWriter() {
    super(DuckDbDialect.INSTANCE);
  }

  private int unnests;

  /** The DuckDB SQL of {@code rel}, with the mapping of its placeholders to parameters. */
  public PushdownSql write(RelNode rel) {
    SqlNode node = visitRoot(StructAccess.rewrite(rel)).asStatement();
    ConstantSeparators.inline(node);
    SqlString sql = node.toSqlString(c -> c.withDialect(DuckDbDialect.INSTANCE)
        .withClauseStartsLine(false).withClauseEndsLine(false).withIndentation(0)
        .withSelectListItemsOnSeparateLines(false).withQuoteAllIdentifiers(true));
    List<Integer> params = sql.getDynamicParameters();
    return new PushdownSql(sql.getSql().replace('\n', ' '), params == null ? List.of() : params);
  }

  /** UNNEST; over an array of structs, in DuckDB's form (see {@link #UNNEST_STRUCTS}). */
  @Override
  public Result visit(Uncollect e) {
    RelDataType collection = e.getInput().getRowType().getFieldList().get(0).getType();
    RelDataType element = collection.getComponentType();
    if (e.withOrdinality || e.getInput().getRowType().getFieldCount() != 1 || element == null
        || !element.isStruct()) {
      return super.visit(e);
    }
    Result x = visitInput(e, 0);
    SqlNode unnest = UNNEST_STRUCTS.createCall(POS, x.asStatement());
    String alias = "unnest" + (++unnests);
    List<SqlNode> operands = createAsFullOperands(e.getRowType(), unnest, alias);
    return result(SqlStdOperatorTable.AS.createCall(POS, operands), ImmutableList.of(Clause.FROM), alias,
        e.getRowType(), ImmutableMap.of(alias, e.getRowType()));
  }
}
