package io.sqlscore.planner.sql;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.registry.ResolvedModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Rewrites {@code PREDICT('model')} and {@code EXPLAIN_PREDICT('model', k)} (no feature
 * arguments) into calls that pass, for each feature of the model, the column of the same name
 * in scope. When such a name is missing or ambiguous, {@link #explain} turns the validator's
 * error into one that names the feature and lists the candidate columns.
 */
public final class ByNameBinding {
  /** One rewritten call: its model and the FROM clause of the query it appears in. */
  private record Binding(String function, ResolvedModel model, SqlNode from) {}

  private final StatementModels models;
  private final List<Binding> bindings = new ArrayList<>();

  /** Binds through the models of the statement. */
  public ByNameBinding(StatementModels models) {
    this.models = models;
  }

  /** {@code node} with every argument-less scoring call expanded. */
  public SqlNode rewrite(SqlNode node) {
    Deque<SqlSelect> selects = new ArrayDeque<>();
    return node.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        if (call instanceof SqlSelect) {
          selects.push((SqlSelect) call);
          try {
            return super.visit(call);
          } finally {
            selects.pop();
          }
        }
        SqlNode visited = super.visit(call);
        return visited instanceof SqlCall ? expand((SqlCall) visited, selects.peek()) : visited;
      }
    });
  }

  private SqlNode expand(SqlCall call, SqlSelect enclosing) {
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    int fixed = name.equals("PREDICT") ? 1 : name.equals("EXPLAIN_PREDICT") ? 2 : -1;
    if (fixed < 0 || call.operandCount() != fixed || !(call.operand(0) instanceof SqlCharStringLiteral)) {
      return call;
    }
    ResolvedModel model = models.resolve(PredictFunction.modelReference(call.operand(0)));
    List<SqlNode> operands = new ArrayList<>(call.getOperandList());
    for (FeatureSpec feature : model.config().features()) {
      operands.add(new SqlIdentifier(feature.name(), call.getParserPosition()));
    }
    bindings.add(new Binding(name, model,
        enclosing == null || enclosing.getFrom() == null ? null : deepCopy(enclosing.getFrom())));
    return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(),
        operands.toArray(new SqlNode[0]));
  }

  /** A copy of {@code node} that validation of the statement cannot change. */
  private static SqlNode deepCopy(SqlNode node) {
    return node.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        CallCopyingArgHandler handler = new CallCopyingArgHandler(call, true);
        call.getOperator().acceptCall(this, call, false, handler);
        return handler.result();
      }

      @Override
      public SqlNode visit(SqlIdentifier id) {
        return id.clone(id.getParserPosition());
      }
    });
  }

  /**
   * The error to report for {@code error}, raised while validating the rewritten statement: a
   * missing or ambiguous column that a by-name binding introduced becomes a FEATURE_MISMATCH
   * listing the candidates ({@code scopeColumns} gives the qualified columns a FROM clause
   * brings into scope); any other error is returned unchanged.
   */
  public SqlscoreException explain(SqlscoreException error, Function<SqlNode, List<String>> scopeColumns) {
    boolean missing = error.code() == ErrorCode.UNDEFINED_COLUMN;
    if (!missing && error.code() != ErrorCode.AMBIGUOUS_COLUMN) {
      return error;
    }
    for (Binding binding : bindings) {
      for (FeatureSpec feature : binding.model().config().features()) {
        if (!error.detail().contains("'" + feature.name() + "'")) {
          continue;
        }
        List<String> inScope = binding.from() == null ? List.of() : scopeColumns.apply(binding.from());
        if (missing) {
          return SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
              "%s('%s') binds features by name, but no column named '%s' is in scope; the columns in scope "
                  + "are %s; pass the features explicitly: %s('%s', <%d columns in feature order>)",
              binding.function(), binding.model().label(), feature.name(),
              inScope.isEmpty() ? "none" : String.join(", ", inScope), binding.function(),
              binding.model().label(), binding.model().config().features().size());
        }
        List<String> candidates = inScope.stream()
            .filter(c -> c.toLowerCase(Locale.ROOT).endsWith("." + feature.name().toLowerCase(Locale.ROOT)))
            .collect(Collectors.toList());
        return SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
            "%s('%s') binds features by name, but '%s' matches more than one column (%s); pass the "
                + "features explicitly with qualified names",
            binding.function(), binding.model().label(), feature.name(), String.join(", ", candidates));
      }
    }
    return error;
  }
}
