package io.sqlscore.planner.exec;

import io.sqlscore.planner.plan.PushdownSql;
import io.sqlscore.planner.plan.PushdownSqlWriter;
import io.sqlscore.planner.rel.ArrowPredict;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Cuts a relational plan into an {@link ExecutablePlan}: everything around ArrowPredict
 * operators becomes DuckDB SQL, and each ArrowPredict becomes a scoring stream that the SQL
 * reads as a table named by a placeholder ({@code __sqlscore_predict_<n>}).
 */
public final class PlanLowering {
  /** The prefix of stream placeholders in pushed-down SQL. */
  public static final String PLACEHOLDER_PREFIX = "__sqlscore_predict_";

  private int streams;

  /** Lowers {@code rel}. */
  public ExecutablePlan lower(RelNode rel) {
    return new ExecutablePlan(segment(rel));
  }

  private ExecutablePlan.Segment segment(RelNode rel) {
    List<ExecutablePlan.ScoringStream> read = new ArrayList<>();
    PushdownSql sql = new StreamReadingWriter(read).write(rel);
    return new ExecutablePlan.Segment(sql, read);
  }

  /** Writes SQL in which each ArrowPredict is a table reference to its stream. */
  /** Public because Calcite dispatches to {@code visit} methods by reflection. */
  public final class StreamReadingWriter extends PushdownSqlWriter {
    private final List<ExecutablePlan.ScoringStream> read;

    StreamReadingWriter(List<ExecutablePlan.ScoringStream> read) {
      this.read = read;
    }

    /** Called by RelToSqlConverter's dispatcher for ArrowPredict nodes. */
    public Result visit(ArrowPredict predict) {
      String placeholder = PLACEHOLDER_PREFIX + (++streams);
      ExecutablePlan.Segment input = segment(predict.getInput());
      read.add(new ExecutablePlan.ScoringStream(placeholder, input,
          predict.getInput().getRowType().getFieldNames(), predict.passed(), predict.invocations()));
      return result(new SqlIdentifier(placeholder, SqlParserPos.ZERO),
          com.google.common.collect.ImmutableList.of(Clause.FROM), predict, null);
    }
  }
}
