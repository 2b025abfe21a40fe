package io.sqlscore.udf.explain;

import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ARM-Net explanations (EXPLAIN.md): for each exponential neuron n, its support S_n (fields with
 * a non-zero gate), its strength m_n = Σ|w| and its effective cross feature C_n (the fields of
 * S_n by |w| descending, ties by lower index, cut at the shortest prefix whose |w| sum reaches
 * m_n / 2). Neurons with the same C_n form one item of weight Σ m_n / (K·O). Local field
 * importance is the mean over neurons of |w|. Sums are in double.
 */
final class ArmNetExplainer implements Explainer {
  @Override
  public Outputs needs() {
    return ARM_NET_OUTPUTS;
  }

  @Override
  public RowExplanation explain(ForwardResult result, int row, int k) {
    int fields = result.fields();
    int neurons = result.armHeads() * result.armNeurons();
    return explain(result.gates(), result.interactionWeights(), row * neurons * fields, neurons, fields, k);
  }

  /**
   * Explains one row whose gates and interaction weights start at {@code offset} of the given
   * arrays, laid out [neuron, field]. Also used for the weights-only global explanation, with
   * the {@code values} parameter in place of both.
   */
  static RowExplanation explain(float[] gates, float[] weights, int offset, int neurons, int fields, int k) {
    Map<BitSet, double[]> items = new LinkedHashMap<>();
    double[] importance = new double[fields];
    Integer[] order = new Integer[fields];
    double[] magnitude = new double[fields];
    for (int n = 0; n < neurons; n++) {
      int base = offset + n * fields;
      int support = 0;
      double strength = 0;
      for (int f = 0; f < fields; f++) {
        magnitude[f] = Math.abs((double) weights[base + f]);
        importance[f] += magnitude[f];
        if (gates[base + f] > 0) {
          order[support++] = f;
          strength += magnitude[f];
        }
      }
      java.util.Arrays.sort(order, 0, support, (a, b) -> {
        int c = Double.compare(magnitude[b], magnitude[a]);
        return c != 0 ? c : Integer.compare(a, b);
      });
      BitSet cross = new BitSet(fields);
      double cumulative = 0;
      for (int i = 0; i < support; i++) {
        cross.set(order[i]);
        cumulative += magnitude[order[i]];
        if (cumulative >= strength / 2) {
          break;
        }
      }
      double[] item = items.computeIfAbsent(cross, c -> new double[3]);
      item[0] += strength;
      item[1] = Math.max(item[1], support);
      item[2]++;
    }
    List<CrossFeature> crosses = new ArrayList<>(items.size());
    for (Map.Entry<BitSet, double[]> e : items.entrySet()) {
      double[] item = e.getValue();
      crosses.add(new CrossFeature(e.getKey().stream().toArray(), (int) item[1], (int) item[2], item[0] / neurons));
    }
    crosses.sort(CrossFeature::compareByRank);
    for (int f = 0; f < fields; f++) {
      importance[f] /= neurons;
    }
    return new RowExplanation(
        crosses.size() > k ? List.copyOf(crosses.subList(0, k)) : crosses, importance,
        RowExplanation.rank(importance));
  }
}
