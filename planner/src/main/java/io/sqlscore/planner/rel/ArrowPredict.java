package io.sqlscore.planner.rel;

import io.sqlscore.planner.sql.ExplanationType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Scores the rows of its input: its output is the input fields it passes through (those read
 * above it; an input field read only as a feature stays behind) followed by one field per output
 * of each invocation ({@code $score<n>} DOUBLE, or {@code $explain<n>} with the
 * {@link ExplanationType}). It runs on Arrow batches pulled from DuckDB, outside of the SQL that
 * DuckDB runs, which reads its output as a table.
 */
public final class ArrowPredict extends SingleRel {
  private final List<PredictInvocation> invocations;
  private final List<Integer> passed;

  /** Creates the operator over {@code input}, passing the input fields {@code passed} (indexes, in output order). */
  public ArrowPredict(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<PredictInvocation> invocations,
      List<Integer> passed) {
    super(cluster, traits, input);
    this.invocations = List.copyOf(invocations);
    this.passed = List.copyOf(passed);
  }

  /** The forward passes, in output order. */
  public List<PredictInvocation> invocations() {
    return invocations;
  }

  /** The input fields passed through, as indexes into the input's fields, in output order. */
  public List<Integer> passed() {
    return passed;
  }

  /** The index of the first output field (the number of input fields passed through). */
  public int firstOutputField() {
    return passed.size();
  }

  @Override
  protected RelDataType deriveRowType() {
    RelDataTypeFactory types = getCluster().getTypeFactory();
    RelDataTypeFactory.Builder builder = types.builder();
    List<RelDataTypeField> inputFields = getInput().getRowType().getFieldList();
    for (int field : passed) {
      builder.add(inputFields.get(field));
    }
    int n = 0;
    for (PredictInvocation invocation : invocations) {
      for (PredictOutput output : invocation.outputs()) {
        if (output.explanation()) {
          builder.add("$explain" + n, ExplanationType.of(types));
        } else {
          builder.add("$score" + n, types.createSqlType(SqlTypeName.DOUBLE));
        }
        n++;
      }
    }
    return builder.uniquify().build();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ArrowPredict(getCluster(), traitSet, sole(inputs), invocations, passed);
  }

  @Override
  public RelWriter explainTerms(RelWriter writer) {
    List<String> passes = new ArrayList<>();
    for (PredictInvocation invocation : invocations) {
      passes.add(invocation.model().label() + invocation.featureFields()
          + invocation.outputs().stream().map(PredictOutput::label).collect(Collectors.toList()));
    }
    return super.explainTerms(writer).item("invocations", passes).item("passed", passed);
  }
}
