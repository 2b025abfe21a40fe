package io.sqlscore.udf.explain;

import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import java.util.Arrays;

/**
 * AutoInt explanations (EXPLAIN.md) from the attention of the last interacting layer: each pair
 * of fields i &lt; j is a cross feature of order 2 with weight mean_h (A[i,j] + A[j,i]) / 2; a
 * field's local importance is the attention it receives, mean_{h,i} A[i,f].
 */
final class AutoIntExplainer implements Explainer {
  @Override
  public Outputs needs() {
    return AUTOINT_OUTPUTS;
  }

  @Override
  public void explain(ForwardResult result, int row, int k, ExplainedRow into) {
    int fields = result.fields();
    int heads = result.attentionHeads();
    float[] attention = result.attention(result.attentionLayers() - 1);
    int base = row * heads * fields * fields;
    Scratch scratch = Scratch.of(into, fields);
    double[] pair = scratch.pair;
    Arrays.fill(pair, 0);
    boolean[] used = scratch.used;
    Arrays.fill(used, false);
    double[] importance = into.begin(fields);
    for (int h = 0; h < heads; h++) {
      int head = base + h * fields * fields;
      for (int i = 0; i < fields; i++) {
        for (int j = 0; j < fields; j++) {
          double a = attention[head + i * fields + j];
          importance[j] += a;
          if (i < j) {
            pair[i * fields + j] += a;
          } else if (j < i) {
            pair[j * fields + i] += a;
          }
        }
      }
    }
    // Top k pairs by weight; scanning pairs in (i, j) order and taking only a strictly greater
    // weight keeps the lexicographically first pair among equal weights.
    int pairs = fields * (fields - 1) / 2;
    for (int pick = 0; pick < Math.min(k, pairs); pick++) {
      int best = -1;
      for (int i = 0; i < fields; i++) {
        for (int j = i + 1; j < fields; j++) {
          int p = i * fields + j;
          if (!used[p] && (best < 0 || pair[p] > pair[best])) {
            best = p;
          }
        }
      }
      used[best] = true;
      into.addField(best / fields);
      into.addField(best % fields);
      into.endCross(2, heads, pair[best] / (2.0 * heads));
    }
    for (int f = 0; f < fields; f++) {
      importance[f] /= (double) heads * fields;
    }
    into.rankImportance();
  }

  /** Pair weights and picks of one row, kept by the {@link ExplainedRow} they fill. */
  private static final class Scratch {
    final int fields;
    final double[] pair;
    final boolean[] used;

    private Scratch(int fields) {
      this.fields = fields;
      this.pair = new double[fields * fields];
      this.used = new boolean[fields * fields];
    }

    static Scratch of(ExplainedRow row, int fields) {
      if (row.workspace instanceof Scratch scratch && scratch.fields == fields) {
        return scratch;
      }
      Scratch scratch = new Scratch(fields);
      row.workspace = scratch;
      return scratch;
    }
  }
}
