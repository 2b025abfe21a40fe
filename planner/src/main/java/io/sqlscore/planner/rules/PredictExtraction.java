package io.sqlscore.planner.rules;

import io.sqlscore.planner.rel.ArrowPredict;
import io.sqlscore.planner.rel.PredictInvocation;
import io.sqlscore.planner.rel.PredictOutput;
import io.sqlscore.planner.sql.PredictFunction;
import io.sqlscore.registry.ResolvedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Moves the scoring calls of some expressions into an {@link ArrowPredict} over their input:
 * calls on the same model version with the same feature arguments share one forward pass, and
 * each call is replaced by a reference to the ArrowPredict field that holds its value. The
 * ArrowPredict's input holds the fields of the original input the expressions read, then the
 * feature expressions that are not plain fields, so that the scan below reads and exports only
 * the columns the query uses; its output passes on the fields read outside the scoring calls, so
 * that a column read only as a feature is not handed back to DuckDB (a filter's rule lists every
 * field as an expression of its own, its row being its input's), then the scoring outputs.
 * References are renumbered to match.
 */
final class PredictExtraction {
  /** The new ArrowPredict and the expressions rewritten over its row. */
  record Result(ArrowPredict predict, List<RexNode> expressions) {}

  private PredictExtraction() {}

  /** Whether {@code node} contains a scoring call. */
  static boolean containsPredict(RexNode node) {
    return !calls(List.of(node), false).isEmpty();
  }

  /**
   * Extracts the innermost scoring calls of {@code expressions}, which are over {@code input}: the
   * ArrowPredict reads the input fields the expressions read and passes on those they read
   * outside the calls.
   */
  static Result extract(RelNode input, List<RexNode> expressions, RelBuilder builder) {
    List<RexCall> calls = calls(expressions, true);
    List<RelDataTypeField> inputFields = input.getRowType().getFieldList();
    ImmutableBitSet read = RelOptUtil.InputFinder.bits(expressions, null);
    ImmutableBitSet readAbove = readOutside(expressions, calls);
    int[] position = new int[inputFields.size()];
    List<RexNode> projected = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int field : read) {
      position[field] = projected.size();
      projected.add(RexInputRef.of(field, input.getRowType()));
      names.add(inputFields.get(field).getName());
    }
    int readFields = projected.size();
    Map<String, Integer> featureFields = new LinkedHashMap<>();
    Map<String, Draft> drafts = new LinkedHashMap<>();
    Map<RexCall, int[]> slots = new LinkedHashMap<>();
    for (RexCall call : calls) {
      PredictFunction function = (PredictFunction) call.getOperator();
      ResolvedModel model = function.model(call);
      List<Integer> fields = new ArrayList<>();
      for (RexNode feature : call.getOperands().subList(function.firstFeature(), call.getOperands().size())) {
        if (feature instanceof RexInputRef) {
          fields.add(position[((RexInputRef) feature).getIndex()]);
        } else {
          fields.add(featureFields.computeIfAbsent(feature.toString(), digest -> {
            projected.add(feature);
            names.add("$feature" + (projected.size() - readFields - 1));
            return projected.size() - 1;
          }));
        }
      }
      Draft draft = drafts.computeIfAbsent(model.label() + fields, key -> new Draft(model, fields));
      PredictOutput output = function.kind() == PredictFunction.Kind.PREDICT
          ? PredictOutput.SCORE : PredictOutput.explanation(function.k(call));
      slots.put(call, new int[] {new ArrayList<>(drafts.values()).indexOf(draft), draft.slot(output)});
    }
    RelNode features = builder.push(input).project(projected, names, true).build();
    int[] outputPosition = new int[inputFields.size()];
    List<Integer> passed = new ArrayList<>();
    for (int field : readAbove) {
      outputPosition[field] = passed.size();
      passed.add(position[field]);
    }
    List<PredictInvocation> invocations = new ArrayList<>();
    List<Integer> firstOutput = new ArrayList<>();
    int next = passed.size();
    for (Draft draft : drafts.values()) {
      invocations.add(new PredictInvocation(draft.model, draft.fields, draft.outputs));
      firstOutput.add(next);
      next += draft.outputs.size();
    }
    ArrowPredict predict = new ArrowPredict(input.getCluster(), input.getTraitSet(), features, invocations, passed);
    RexShuttle replace = new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(outputPosition[ref.getIndex()], ref.getType());
      }

      @Override
      public RexNode visitCall(RexCall call) {
        int[] slot = slots.get(call);
        if (slot != null) {
          int field = firstOutput.get(slot[0]) + slot[1];
          return new RexInputRef(field, predict.getRowType().getFieldList().get(field).getType());
        }
        return super.visitCall(call);
      }
    };
    List<RexNode> rewritten = new ArrayList<>();
    for (RexNode expression : expressions) {
      rewritten.add(expression.accept(replace));
    }
    return new Result(predict, rewritten);
  }

  /** The input fields {@code expressions} read outside {@code calls} (the calls being extracted). */
  private static ImmutableBitSet readOutside(List<RexNode> expressions, List<RexCall> calls) {
    ImmutableBitSet.Builder read = ImmutableBitSet.builder();
    RexVisitorImpl<Void> visitor = new RexVisitorImpl<Void>(true) {
      @Override
      public Void visitInputRef(RexInputRef ref) {
        read.set(ref.getIndex());
        return null;
      }

      @Override
      public Void visitCall(RexCall call) {
        return calls.contains(call) ? null : super.visitCall(call);
      }
    };
    for (RexNode expression : expressions) {
      expression.accept(visitor);
    }
    return read.build();
  }

  /** The scoring calls of {@code expression} that are not inside another scoring call. */
  static List<RexCall> outermostCalls(RexNode expression) {
    List<RexCall> found = new ArrayList<>();
    expression.accept(new RexVisitorImpl<Void>(true) {
      @Override
      public Void visitCall(RexCall call) {
        if (call.getOperator() instanceof PredictFunction) {
          if (!found.contains(call)) {
            found.add(call);
          }
          return null;
        }
        return super.visitCall(call);
      }
    });
    return found;
  }

  /** The scoring calls in {@code expressions}; with {@code innermost}, only those without nested ones. */
  private static List<RexCall> calls(List<RexNode> expressions, boolean innermost) {
    List<RexCall> found = new ArrayList<>();
    RexVisitorImpl<Void> visitor = new RexVisitorImpl<>(true) {
      @Override
      public Void visitCall(RexCall call) {
        super.visitCall(call);
        if (call.getOperator() instanceof PredictFunction && !found.contains(call)
            && (!innermost || call.getOperands().stream().noneMatch(PredictExtraction::containsPredict))) {
          found.add(call);
        }
        return null;
      }
    };
    for (RexNode expression : expressions) {
      expression.accept(visitor);
    }
    return found;
  }

  /** An invocation being assembled. */
  private static final class Draft {
    final ResolvedModel model;
    final List<Integer> fields;
    final List<PredictOutput> outputs = new ArrayList<>();

    Draft(ResolvedModel model, List<Integer> fields) {
      this.model = model;
      this.fields = fields;
    }

    int slot(PredictOutput output) {
      int index = outputs.indexOf(output);
      if (index < 0) {
        outputs.add(output);
        index = outputs.size() - 1;
      }
      return index;
    }
  }
}
