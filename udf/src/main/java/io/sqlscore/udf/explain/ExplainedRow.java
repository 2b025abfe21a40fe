package io.sqlscore.udf.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One row's explanation held in reusable arrays. EXPLAIN_PREDICT explains every row of a query,
 * so a caller fills one of these row after row (EXPLAIN_PREDICT: one per slice of a batch, kept
 * for the slice at the same rows of the next batch) instead of allocating a
 * {@link RowExplanation} per row; the explainer keeps its working arrays in it, and may start
 * from what it found for the row before. {@link #toRowExplanation} gives the immutable form.
 * Not thread-safe.
 */
public final class ExplainedRow {
  private int crosses;
  private int fieldsUsed;
  private int[] fieldEnds = new int[8];
  private int[] crossFields = new int[32];
  private int[] supportOrder = new int[8];
  private int[] neurons = new int[8];
  private double[] weight = new double[8];
  private double[] importance = new double[0];
  private int[] byImportance = new int[0];
  /** Working memory of the explainer that fills this row, kept from row to row. */
  Object workspace;

  /** Forgets the previous row and returns the zeroed importance array of a row with {@code fields} fields. */
  double[] begin(int fields) {
    crosses = 0;
    fieldsUsed = 0;
    if (importance.length != fields) {
      importance = new double[fields];
      byImportance = new int[fields];
    } else {
      Arrays.fill(importance, 0);
    }
    return importance;
  }

  /** Appends field {@code f} to the cross feature being built (fields ascending). */
  void addField(int f) {
    if (fieldsUsed == crossFields.length) {
      crossFields = Arrays.copyOf(crossFields, fieldsUsed * 2);
    }
    crossFields[fieldsUsed++] = f;
  }

  /** Ends the cross feature whose fields were just added. */
  void endCross(int support, int neuronCount, double crossWeight) {
    if (crosses == fieldEnds.length) {
      int grown = crosses * 2;
      fieldEnds = Arrays.copyOf(fieldEnds, grown);
      supportOrder = Arrays.copyOf(supportOrder, grown);
      neurons = Arrays.copyOf(neurons, grown);
      weight = Arrays.copyOf(weight, grown);
    }
    fieldEnds[crosses] = fieldsUsed;
    supportOrder[crosses] = support;
    neurons[crosses] = neuronCount;
    weight[crosses] = crossWeight;
    crosses++;
  }

  /** Ranks the fields by the importance filled in since {@link #begin}; ends the row. */
  void rankImportance() {
    RowExplanation.rank(importance, byImportance);
  }

  /** How many cross features the row has. */
  public int crossCount() {
    return crosses;
  }

  /** The number of fields of cross feature {@code c} (its order). */
  public int order(int c) {
    return fieldEnds[c] - fieldStart(c);
  }

  /** Field {@code i} (ascending) of cross feature {@code c}. */
  public int field(int c, int i) {
    return crossFields[fieldStart(c) + i];
  }

  /** The support order of cross feature {@code c} (see {@link CrossFeature#supportOrder}). */
  public int supportOrder(int c) {
    return supportOrder[c];
  }

  /** The weight of cross feature {@code c}. */
  public double weight(int c) {
    return weight[c];
  }

  /** The number of fields. */
  public int fieldCount() {
    return importance.length;
  }

  /** The local importance of field {@code f}. */
  public double importance(int f) {
    return importance[f];
  }

  /** The field at position {@code i} when fields are sorted by importance descending. */
  public int fieldByImportance(int i) {
    return byImportance[i];
  }

  /** This row as an immutable {@link RowExplanation}. */
  public RowExplanation toRowExplanation() {
    List<CrossFeature> list = new ArrayList<>(crosses);
    for (int c = 0; c < crosses; c++) {
      list.add(new CrossFeature(Arrays.copyOfRange(crossFields, fieldStart(c), fieldEnds[c]), supportOrder[c],
          neurons[c], weight[c]));
    }
    return new RowExplanation(list, importance.clone(), byImportance.clone());
  }

  private int fieldStart(int c) {
    return c == 0 ? 0 : fieldEnds[c - 1];
  }
}
