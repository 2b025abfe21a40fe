package io.sqlscore.udf.explain;

import io.sqlscore.model.ExplanationRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset-level explanation of a model over many rows (EXPLAIN.md): per field, the mean of
 * the local importance; per cross feature, the mean of its weight over all rows (a row without
 * it adds 0), ranked like row explanations. Not thread-safe; feed it rows in any order.
 */
public final class DatasetExplanation {
  private final List<String> fieldNames;
  private final double[] importance;
  private final Map<List<Integer>, double[]> crosses = new HashMap<>();
  private long rows;

  /** An empty explanation of a model with these field names. */
  public DatasetExplanation(List<String> fieldNames) {
    this.fieldNames = List.copyOf(fieldNames);
    this.importance = new double[fieldNames.size()];
  }

  /** Adds one row, explained with all its cross features. */
  public void add(RowExplanation row) {
    rows++;
    for (int f = 0; f < importance.length; f++) {
      importance[f] += row.importance()[f];
    }
    for (CrossFeature cross : row.crosses()) {
      List<Integer> key = Arrays.stream(cross.fields()).boxed().toList();
      double[] item = crosses.computeIfAbsent(key, k -> new double[3]);
      item[0] += cross.weight();
      item[1] = Math.max(item[1], cross.supportOrder());
      item[2] += cross.neurons();
    }
  }

  /** Rows added so far. */
  public long rows() {
    return rows;
  }

  /** Fields by mean importance, then the top {@code k} cross features by mean weight. */
  public List<ExplanationRow> result(int k) {
    double[] mean = new double[importance.length];
    for (int f = 0; f < mean.length; f++) {
      mean[f] = rows == 0 ? 0 : importance[f] / rows;
    }
    List<CrossFeature> ranked = new ArrayList<>();
    for (Map.Entry<List<Integer>, double[]> e : crosses.entrySet()) {
      double[] item = e.getValue();
      ranked.add(new CrossFeature(e.getKey().stream().mapToInt(Integer::intValue).toArray(),
          (int) item[1], (int) item[2], item[0] / rows));
    }
    ranked.sort(CrossFeature::compareByRank);
    List<CrossFeature> top = ranked.size() > k ? ranked.subList(0, k) : ranked;
    return GlobalExplanation.rows(new RowExplanation(top, mean, RowExplanation.rank(mean)), fieldNames);
  }
}
