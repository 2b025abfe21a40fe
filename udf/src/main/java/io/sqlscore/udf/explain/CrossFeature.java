package io.sqlscore.udf.explain;

import java.util.Arrays;

/**
 * One explanation item: a set of fields that act together, and how strongly.
 *
 * @param fields the field indices, ascending
 * @param supportOrder the largest support (fields with a non-zero gate) among the neurons that
 *     share this item; 2 for AutoInt pairs
 * @param neurons how many ARM-Net neurons share it (AutoInt: the number of heads)
 * @param weight the item's weight
 */
public record CrossFeature(int[] fields, int supportOrder, int neurons, double weight) {
  /** The interaction order: the number of fields. */
  public int order() {
    return fields.length;
  }

  /**
   * The ranking of EXPLAIN.md: weight descending, then order ascending, then the field indices
   * compared lexicographically ascending.
   */
  public static int compareByRank(CrossFeature a, CrossFeature b) {
    int byWeight = Double.compare(b.weight, a.weight);
    if (byWeight != 0) {
      return byWeight;
    }
    int byOrder = Integer.compare(a.order(), b.order());
    return byOrder != 0 ? byOrder : Arrays.compare(a.fields, b.fields);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CrossFeature && Arrays.equals(fields, ((CrossFeature) other).fields)
        && supportOrder == ((CrossFeature) other).supportOrder && neurons == ((CrossFeature) other).neurons
        && Double.compare(weight, ((CrossFeature) other).weight) == 0;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fields) * 31 + Double.hashCode(weight);
  }

  @Override
  public String toString() {
    return Arrays.toString(fields) + "=" + weight;
  }
}
