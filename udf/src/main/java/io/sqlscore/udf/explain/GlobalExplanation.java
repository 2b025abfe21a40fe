package io.sqlscore.udf.explain;

import io.sqlscore.model.ExplanationRow;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.ArmLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The weights-only explanation of an ARM-Net or ARM-Net+ version, stored when it is imported:
 * global field importance mean_{k,o} |values[k,o,f]| (MODELS.md §8), and the top cross features
 * found by EXPLAIN.md's effective-cross-feature rule applied to |values| over all fields.
 * AutoInt has no weights-only explanation (its dataset-level one comes from EXPLAIN MODEL).
 */
public final class GlobalExplanation {
  /** How many cross features are stored. */
  public static final int TOP_CROSSES = 10;

  private GlobalExplanation() {}

  /** The explanation rows of {@code pkg}; empty for AutoInt kinds. */
  public static List<ExplanationRow> of(ModelPackage pkg) {
    return pkg.config().kind().isArmNet() ? rows(explain(pkg), FieldNames.of(pkg.config())) : List.of();
  }

  /** The weights-only explanation of an ARM-Net or ARM-Net+ package. */
  public static RowExplanation explain(ModelPackage pkg) {
    ModelConfig config = pkg.config();
    float[] values = pkg.weights().floats("attn_layer.values");
    float[] allFields = new float[values.length];
    Arrays.fill(allFields, 1f);
    ExplainedRow explained = new ExplainedRow();
    int neurons = config.nhead() * config.nhid();
    ArmNetExplainer.explain(allFields, values, ArmLayout.neuronMajor(neurons, config.nfield()), 0, neurons,
        config.nfield(), TOP_CROSSES, explained);
    return explained.toRowExplanation();
  }

  /** Explanation rows (fields by importance, then crosses by rank) of one explanation. */
  static List<ExplanationRow> rows(RowExplanation explanation, List<String> names) {
    List<ExplanationRow> rows = new ArrayList<>();
    int rank = 1;
    for (int f : explanation.byImportance()) {
      rows.add(new ExplanationRow("field", List.of(names.get(f)), explanation.importance()[f], rank++));
    }
    rank = 1;
    for (CrossFeature cross : explanation.crosses()) {
      rows.add(new ExplanationRow("cross", FieldNames.select(names, cross.fields()), cross.weight(), rank++));
    }
    return rows;
  }
}
