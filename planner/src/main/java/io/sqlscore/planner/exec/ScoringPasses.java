package io.sqlscore.planner.exec;

import io.sqlscore.planner.rel.PredictInvocation;
import io.sqlscore.planner.rel.PredictOutput;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.encode.FeatureEncoder;
import io.sqlscore.udf.explain.Explainer;
import io.sqlscore.udf.explain.FieldNames;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link ScoringPass}es of a scoring stream from its invocations and loaded models. */
public final class ScoringPasses {
  private ScoringPasses() {}

  /**
   * The passes of {@code stream}; {@code models} holds the compiled model of each invocation, in
   * order; {@code checkCancelled} throws when the statement was cancelled.
   */
  public static List<ScoringPass> bind(ExecutablePlan.ScoringStream stream, List<CompiledModel> models,
      BatchRunner runner, int threads, Runnable checkCancelled) {
    List<ScoringPass> passes = new ArrayList<>();
    int output = 0;
    for (int i = 0; i < stream.invocations().size(); i++) {
      PredictInvocation invocation = stream.invocations().get(i);
      CompiledModel model = models.get(i);
      List<String> columns = new ArrayList<>();
      for (int field : invocation.featureFields()) {
        columns.add(stream.inputFields().get(field));
      }
      List<OutputColumn> outputs = new ArrayList<>();
      Explainer explainer = Explainer.forKind(model.config().kind());
      Outputs wanted = Outputs.NONE;
      for (PredictOutput predictOutput : invocation.outputs()) {
        int n = output++;
        if (predictOutput.explanation()) {
          outputs.add(new ExplanationColumn(outputName(predictOutput, n), explainer, predictOutput.k(),
              FieldNames.of(model.config())));
          wanted = explainer.needs();
        } else {
          outputs.add(new ScoreColumn(outputName(predictOutput, n)));
        }
      }
      passes.add(new ScoringPass(model,
          new FeatureEncoder(model.config(), invocation.model().label()), runner, threads,
          invocation.featureFields(), columns, outputs, wanted, checkCancelled));
    }
    return passes;
  }

  /** The name of a stream's output column: its kind and its position {@code n} among the stream's outputs. */
  public static String outputName(PredictOutput output, int n) {
    return (output.explanation() ? "$explain" : "$score") + n;
  }
}
