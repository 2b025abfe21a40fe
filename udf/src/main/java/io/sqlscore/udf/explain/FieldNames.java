package io.sqlscore.udf.explain;

import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/** The names explanations use for a model's fields: its feature names, or field_0, field_1, .... */
public final class FieldNames {
  private FieldNames() {}

  /** The field names of {@code config}. */
  public static List<String> of(ModelConfig config) {
    List<String> names = new ArrayList<>(config.nfield());
    if (config.hasFeatures()) {
      for (FeatureSpec feature : config.features()) {
        names.add(feature.name());
      }
    } else {
      for (int f = 0; f < config.nfield(); f++) {
        names.add("field_" + f);
      }
    }
    return names;
  }

  /** The names of the given field indices. */
  static List<String> select(List<String> names, int[] fields) {
    List<String> selected = new ArrayList<>(fields.length);
    for (int f : fields) {
      selected.add(names.get(f));
    }
    return selected;
  }
}
