package io.sqlscore.udf.explain;

import io.sqlscore.model.ModelKind;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Output;
import io.sqlscore.udf.Outputs;

/** Turns the interpretable outputs of a forward pass into row explanations (EXPLAIN.md). */
public interface Explainer {
  /** The forward-pass outputs this explainer reads. */
  Outputs needs();

  /**
   * Explains row {@code row} of {@code result} into {@code into}, with at most {@code k} cross
   * features (all of them when {@code k} is {@link Integer#MAX_VALUE}).
   */
  void explain(ForwardResult result, int row, int k, ExplainedRow into);

  /** The explanation of row {@code row} of {@code result} with at most {@code k} cross features. */
  default RowExplanation explain(ForwardResult result, int row, int k) {
    ExplainedRow into = new ExplainedRow();
    explain(result, row, k, into);
    return into.toRowExplanation();
  }

  /** The explainer for models of {@code kind}. */
  static Explainer forKind(ModelKind kind) {
    return kind.isArmNet() ? new ArmNetExplainer() : new AutoIntExplainer();
  }

  /** Outputs ARM-Net explanations read. */
  Outputs ARM_NET_OUTPUTS = Outputs.of(Output.GATES, Output.INTERACTION_WEIGHTS);
  /** Outputs AutoInt explanations read. */
  Outputs AUTOINT_OUTPUTS = Outputs.of(Output.ATTENTION);
}
