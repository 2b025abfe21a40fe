package io.sqlscore.udf.explain;

import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ARM-Net explanations (EXPLAIN.md): for each exponential neuron n, its support S_n (fields with
 * a non-zero gate), its strength m_n = Σ|w| and its effective cross feature C_n (the fields of
 * S_n by |w| descending, ties by lower index, cut at the shortest prefix whose |w| sum reaches
 * m_n / 2). Neurons with the same C_n form one item of weight Σ m_n / (K·O). Local field
 * importance is the mean over neurons of |w|. Sums are in double.
 *
 * <p>This runs for every explained row, so it works on primitive arrays: each C_n is a bit set
 * in {@code words} longs, neurons are grouped by sorting their bit sets, and only the top k
 * items are selected and materialised.
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
   * the {@code values} parameter as the weights and every gate positive.
   */
  static RowExplanation explain(float[] gates, float[] weights, int offset, int neurons, int fields, int k) {
    int words = (fields + 63) >>> 6;
    long[] crosses = new long[neurons * words];
    double[] strength = new double[neurons];
    int[] support = new int[neurons];
    double[] importance = new double[fields];
    double[] magnitude = new double[fields];
    for (int n = 0; n < neurons; n++) {
      int base = offset + n * fields;
      double m = 0;
      int inSupport = 0;
      for (int f = 0; f < fields; f++) {
        double magnitudeF = Math.abs((double) weights[base + f]);
        boolean in = gates[base + f] > 0;
        magnitude[f] = in ? magnitudeF : -1;
        importance[f] += magnitudeF;
        inSupport += in ? 1 : 0;
        m += in ? magnitudeF : 0;
      }
      support[n] = inSupport;
      strength[n] = m;
      double cumulative = 0;
      for (int picked = 0; picked < inSupport; picked++) {
        // Branch-free arg max (the branches would mispredict); -1 marks fields outside the
        // support or already picked, and ">" keeps the lower index on ties.
        int best = 0;
        double bestMagnitude = magnitude[0];
        for (int f = 1; f < fields; f++) {
          boolean better = magnitude[f] > bestMagnitude;
          best = better ? f : best;
          bestMagnitude = better ? magnitude[f] : bestMagnitude;
        }
        magnitude[best] = -1;
        crosses[n * words + (best >>> 6)] |= 1L << best;
        cumulative += bestMagnitude;
        if (cumulative >= m / 2) {
          break;
        }
      }
    }
    for (int f = 0; f < fields; f++) {
      importance[f] /= neurons;
    }
    return new RowExplanation(group(crosses, words, strength, support, neurons, fields, k), importance,
        RowExplanation.rank(importance));
  }

  /**
   * One item per distinct cross feature, with its summed strength, largest support and neuron
   * count; only the top {@code k} in rank order become {@link CrossFeature}s.
   */
  private static List<CrossFeature> group(long[] crosses, int words, double[] strength, int[] support,
      int neurons, int fields, int k) {
    int[] order = new int[neurons];
    for (int n = 0; n < neurons; n++) {
      order[n] = n;
    }
    NeuronSort.byCross(order, crosses, words);
    int[] representative = new int[neurons];
    double[] weight = new double[neurons];
    int[] maxSupport = new int[neurons];
    int[] count = new int[neurons];
    int[] size = new int[neurons];
    int items = 0;
    for (int i = 0; i < neurons; i++) {
      int n = order[i];
      if (items == 0 || !sameCross(crosses, words, representative[items - 1], n)) {
        representative[items] = n;
        for (int w = 0; w < words; w++) {
          size[items] += Long.bitCount(crosses[n * words + w]);
        }
        items++;
      }
      int item = items - 1;
      weight[item] += strength[n] / neurons;
      maxSupport[item] = Math.max(maxSupport[item], support[n]);
      count[item]++;
    }
    List<CrossFeature> top = new ArrayList<>(Math.min(k, items));
    boolean[] used = new boolean[items];
    for (int pick = 0; pick < Math.min(k, items); pick++) {
      int winner = -1;
      for (int i = 0; i < items; i++) {
        if (!used[i] && (winner < 0 || ranksBefore(i, winner, weight, size, representative, crosses, words))) {
          winner = i;
        }
      }
      used[winner] = true;
      top.add(new CrossFeature(fieldsOf(crosses, words, representative[winner], fields), maxSupport[winner],
          count[winner], weight[winner]));
    }
    return top;
  }

  /**
   * EXPLAIN.md's ranking on item indices: weight descending, order ascending, then field lists
   * lexicographically; for two sets of one size, the one holding the lowest field of their
   * symmetric difference comes first.
   */
  private static boolean ranksBefore(int a, int b, double[] weight, int[] size, int[] representative,
      long[] crosses, int words) {
    if (weight[a] != weight[b]) {
      return weight[a] > weight[b];
    }
    if (size[a] != size[b]) {
      return size[a] < size[b];
    }
    for (int w = 0; w < words; w++) {
      long differ = crosses[representative[a] * words + w] ^ crosses[representative[b] * words + w];
      if (differ != 0) {
        return (crosses[representative[a] * words + w] & Long.lowestOneBit(differ)) != 0;
      }
    }
    return false;
  }

  private static boolean sameCross(long[] crosses, int words, int a, int b) {
    return Arrays.equals(crosses, a * words, a * words + words, crosses, b * words, b * words + words);
  }

  private static int[] fieldsOf(long[] crosses, int words, int neuron, int fields) {
    int count = 0;
    for (int w = 0; w < words; w++) {
      count += Long.bitCount(crosses[neuron * words + w]);
    }
    int[] result = new int[count];
    int i = 0;
    for (int f = 0; f < fields; f++) {
      if ((crosses[neuron * words + (f >>> 6)] & (1L << f)) != 0) {
        result[i++] = f;
      }
    }
    return result;
  }
}
