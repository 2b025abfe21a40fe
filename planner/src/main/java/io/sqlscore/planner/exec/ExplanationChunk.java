package io.sqlscore.planner.exec;

import io.sqlscore.udf.explain.ExplainedRow;
import java.util.List;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * The explanations of consecutive rows laid out column by column in plain arrays, in the shape
 * of the EXPLAIN_PREDICT struct (field names as indices into the column's dictionary). The
 * scoring threads each fill chunks for their rows; the chunks of a batch are then
 * {@link #write written} into Arrow in row order, each column with one bulk copy per chunk.
 */
final class ExplanationChunk {
  private final IntColumnBuffer crossEnds = new IntColumnBuffer();
  private final IntColumnBuffer fieldEnds = new IntColumnBuffer();
  private final IntColumnBuffer crossFields = new IntColumnBuffer();
  private final TextColumnBuffer valueTexts = new TextColumnBuffer();
  private final IntColumnBuffer crossOrder = new IntColumnBuffer();
  private final IntColumnBuffer crossSupport = new IntColumnBuffer();
  private final DoubleColumnBuffer crossWeight = new DoubleColumnBuffer();
  private final IntColumnBuffer importanceEnds = new IntColumnBuffer();
  private final IntColumnBuffer itemFields = new IntColumnBuffer();
  private final DoubleColumnBuffer itemWeight = new DoubleColumnBuffer();

  /** Forgets every row. */
  void clear() {
    crossEnds.clear();
    fieldEnds.clear();
    crossFields.clear();
    valueTexts.clear();
    crossOrder.clear();
    crossSupport.clear();
    crossWeight.clear();
    importanceEnds.clear();
    itemFields.clear();
    itemWeight.clear();
  }

  /** The number of rows added since {@link #clear}. */
  int rows() {
    return importanceEnds.count();
  }

  /** Appends the explanation of the batch's row {@code row}, whose feature values {@code values} render. */
  void add(ExplainedRow explanation, int row, SqlText[] values) {
    for (int c = 0; c < explanation.crossCount(); c++) {
      int order = explanation.order(c);
      for (int i = 0; i < order; i++) {
        int f = explanation.field(c, i);
        crossFields.add(f);
        values[f].append(row, valueTexts);
      }
      fieldEnds.add(valueTexts.count());
      crossOrder.add(order);
      crossSupport.add(explanation.supportOrder(c));
      crossWeight.add(explanation.weight(c));
    }
    crossEnds.add(crossOrder.count());
    for (int i = 0; i < explanation.fieldCount(); i++) {
      int f = explanation.fieldByImportance(i);
      itemFields.add(f);
      itemWeight.add(explanation.importance(f));
    }
    importanceEnds.add(itemWeight.count());
  }

  /**
   * Fills the (cleared) EXPLAIN_PREDICT struct {@code explanation} with the rows of
   * {@code chunks}, in order, and their {@code scores}.
   */
  static void write(List<ExplanationChunk> chunks, StructVector explanation, double[] scores) {
    Extent total = new Extent();
    for (ExplanationChunk chunk : chunks) {
      total.add(chunk);
    }
    int rows = total.rows;
    int crossCount = total.crosses;
    int fieldCount = total.fields;
    int items = total.items;
    ListVector crosses = explanation.getChild("crosses", ListVector.class);
    StructVector cross = (StructVector) crosses.getDataVector();
    ListVector fields = cross.getChild("fields", ListVector.class);
    ListVector values = cross.getChild("values", ListVector.class);
    IntVector fieldIds = (IntVector) fields.getDataVector();
    VarCharVector valueText = (VarCharVector) values.getDataVector();
    IntVector order = cross.getChild("order", IntVector.class);
    IntVector support = cross.getChild("support_order", IntVector.class);
    Float8Vector weight = cross.getChild("weight", Float8Vector.class);
    ListVector importance = explanation.getChild("importance", ListVector.class);
    StructVector item = (StructVector) importance.getDataVector();
    IntVector itemIds = item.getChild("field", IntVector.class);
    Float8Vector itemValue = item.getChild("weight", Float8Vector.class);

    // Exact sizes, parents first (a parent also sizes its children, by a guess), then one allocation.
    explanation.setInitialCapacity(rows);
    cross.setInitialCapacity(crossCount);
    fieldIds.setInitialCapacity(fieldCount);
    TextColumnBuffer.size(valueText, fieldCount, total.valueBytes);
    item.setInitialCapacity(items);
    explanation.allocateNew();

    Validity.setAll(explanation.getValidityBuffer(), rows);
    DoubleColumnBuffer.define(explanation.getChild("score", Float8Vector.class), rows);
    IntColumnBuffer.defineEnds(crosses, rows);
    Validity.setAll(cross.getValidityBuffer(), crossCount);
    IntColumnBuffer.defineEnds(fields, crossCount);
    IntColumnBuffer.defineEnds(values, crossCount);
    IntColumnBuffer.define(fieldIds, fieldCount);
    TextColumnBuffer.define(valueText, fieldCount, total.valueBytes);
    IntColumnBuffer.define(order, crossCount);
    IntColumnBuffer.define(support, crossCount);
    DoubleColumnBuffer.define(weight, crossCount);
    IntColumnBuffer.defineEnds(importance, rows);
    Validity.setAll(item.getValidityBuffer(), items);
    IntColumnBuffer.define(itemIds, items);
    DoubleColumnBuffer.define(itemValue, items);
    DoubleColumnBuffer.copy(explanation.getChild("score", Float8Vector.class), 0, scores, rows);

    Extent at = new Extent();
    for (ExplanationChunk chunk : chunks) {
      chunk.crossEnds.copyEndsTo(crosses, at.rows, at.crosses);
      chunk.fieldEnds.copyEndsTo(fields, at.crosses, at.fields);
      chunk.fieldEnds.copyEndsTo(values, at.crosses, at.fields);
      chunk.crossFields.copyTo(fieldIds, at.fields);
      chunk.valueTexts.copyTo(valueText, at.fields, at.valueBytes);
      chunk.crossOrder.copyTo(order, at.crosses);
      chunk.crossSupport.copyTo(support, at.crosses);
      chunk.crossWeight.copyTo(weight, at.crosses);
      chunk.importanceEnds.copyEndsTo(importance, at.rows, at.items);
      chunk.itemFields.copyTo(itemIds, at.items);
      chunk.itemWeight.copyTo(itemValue, at.items);
      at.add(chunk);
    }
    explanation.setValueCount(rows);
  }

  /** How many rows, cross features, cross fields, value bytes and importance items some chunks hold. */
  private static final class Extent {
    int rows;
    int crosses;
    int fields;
    int valueBytes;
    int items;

    void add(ExplanationChunk chunk) {
      rows += chunk.rows();
      crosses += chunk.crossOrder.count();
      fields += chunk.crossFields.count();
      valueBytes += chunk.valueTexts.byteCount();
      items += chunk.itemWeight.count();
    }
  }
}
