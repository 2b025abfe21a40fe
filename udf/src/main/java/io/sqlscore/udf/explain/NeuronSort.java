package io.sqlscore.udf.explain;

/**
 * Sorts neuron indices by their cross-feature bit sets (several longs each, compared as
 * unsigned numbers from the last word), without boxing: a merge sort, stable.
 */
final class NeuronSort {
  private NeuronSort() {}

  /** Sorts {@code order} (neuron indices) by the bit sets of {@code crosses}, {@code words} longs each. */
  static void byCross(int[] order, long[] crosses, int words) {
    int[] scratch = new int[order.length];
    for (int width = 1; width < order.length; width *= 2) {
      for (int from = 0; from < order.length; from += 2 * width) {
        int middle = Math.min(from + width, order.length);
        int to = Math.min(from + 2 * width, order.length);
        int left = from;
        int right = middle;
        for (int i = from; i < to; i++) {
          if (left < middle && (right >= to || compare(crosses, words, order[left], order[right]) <= 0)) {
            scratch[i] = order[left++];
          } else {
            scratch[i] = order[right++];
          }
        }
      }
      System.arraycopy(scratch, 0, order, 0, order.length);
    }
  }

  private static int compare(long[] crosses, int words, int a, int b) {
    for (int w = words - 1; w >= 0; w--) {
      int c = Long.compareUnsigned(crosses[a * words + w], crosses[b * words + w]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
