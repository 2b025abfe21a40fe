package io.sqlscore.planner.exec;

import io.sqlscore.udf.explain.CrossFeature;
import io.sqlscore.udf.explain.RowExplanation;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * The explanations of consecutive rows laid out column by column in plain arrays, in the shape
 * of the EXPLAIN_PREDICT struct. The scoring threads each fill one chunk for their rows; the
 * chunks of a batch are then appended in row order and moved into Arrow in a few bulk copies.
 */
final class ExplanationChunk {
  private final byte[][] fieldNames;
  private final IntColumnBuffer crossEnds = new IntColumnBuffer();
  private final IntColumnBuffer fieldEnds = new IntColumnBuffer();
  private final TextColumnBuffer fieldTexts = new TextColumnBuffer();
  private final TextColumnBuffer valueTexts = new TextColumnBuffer();
  private final IntColumnBuffer crossOrder = new IntColumnBuffer();
  private final IntColumnBuffer crossSupport = new IntColumnBuffer();
  private final DoubleColumnBuffer crossWeight = new DoubleColumnBuffer();
  private final IntColumnBuffer importanceEnds = new IntColumnBuffer();
  private final TextColumnBuffer itemField = new TextColumnBuffer();
  private final DoubleColumnBuffer itemWeight = new DoubleColumnBuffer();

  /** An empty chunk naming field {@code f} by the UTF-8 bytes {@code fieldNames[f]}. */
  ExplanationChunk(byte[][] fieldNames) {
    this.fieldNames = fieldNames;
  }

  /** Forgets every row. */
  void clear() {
    crossEnds.clear();
    fieldEnds.clear();
    fieldTexts.clear();
    valueTexts.clear();
    crossOrder.clear();
    crossSupport.clear();
    crossWeight.clear();
    importanceEnds.clear();
    itemField.clear();
    itemWeight.clear();
  }

  /** Appends the explanation of the batch's row {@code row}, whose feature columns are {@code features}. */
  void add(RowExplanation explanation, int row, List<FieldVector> features) {
    for (CrossFeature feature : explanation.crosses()) {
      for (int f : feature.fields()) {
        fieldTexts.add(fieldNames[f]);
        SqlText.append(features.get(f), row, valueTexts);
      }
      fieldEnds.add(fieldTexts.count());
      crossOrder.add(feature.order());
      crossSupport.add(feature.supportOrder());
      crossWeight.add(feature.weight());
    }
    crossEnds.add(crossOrder.count());
    for (int f : explanation.byImportance()) {
      itemField.add(fieldNames[f]);
      itemWeight.add(explanation.importance()[f]);
    }
    importanceEnds.add(itemWeight.count());
  }

  /** Appends the rows of {@code next}, which follow this chunk's rows. */
  void addAll(ExplanationChunk next) {
    crossEnds.addAll(next.crossEnds, crossOrder.count());
    fieldEnds.addAll(next.fieldEnds, fieldTexts.count());
    importanceEnds.addAll(next.importanceEnds, itemWeight.count());
    fieldTexts.addAll(next.fieldTexts);
    valueTexts.addAll(next.valueTexts);
    crossOrder.addAll(next.crossOrder, 0);
    crossSupport.addAll(next.crossSupport, 0);
    crossWeight.addAll(next.crossWeight);
    itemField.addAll(next.itemField);
    itemWeight.addAll(next.itemWeight);
  }

  /** Fills the (cleared) EXPLAIN_PREDICT struct {@code explanation} with this chunk's rows and their {@code scores}. */
  void writeTo(StructVector explanation, double[] scores) {
    int rows = importanceEnds.count();
    explanation.setInitialCapacity(rows);
    explanation.allocateNew();
    Validity.setAll(explanation.getValidityBuffer(), rows);
    DoubleColumnBuffer.fill(explanation.getChild("score", Float8Vector.class), scores, scores.length);

    ListVector crosses = explanation.getChild("crosses", ListVector.class);
    crossEnds.writeEndsTo(crosses);
    StructVector cross = (StructVector) crosses.getDataVector();
    defineAll(cross, crossOrder.count());
    ListVector fields = cross.getChild("fields", ListVector.class);
    ListVector values = cross.getChild("values", ListVector.class);
    fieldEnds.writeEndsTo(fields);
    fieldEnds.writeEndsTo(values);
    fieldTexts.writeTo((VarCharVector) fields.getDataVector());
    valueTexts.writeTo((VarCharVector) values.getDataVector());
    crossOrder.writeTo(cross.getChild("order", IntVector.class));
    crossSupport.writeTo(cross.getChild("support_order", IntVector.class));
    crossWeight.writeTo(cross.getChild("weight", Float8Vector.class));

    ListVector importance = explanation.getChild("importance", ListVector.class);
    importanceEnds.writeEndsTo(importance);
    StructVector item = (StructVector) importance.getDataVector();
    defineAll(item, itemWeight.count());
    itemField.writeTo(item.getChild("field", VarCharVector.class));
    itemWeight.writeTo(item.getChild("weight", Float8Vector.class));
    explanation.setValueCount(rows);
  }

  /** Gives {@code struct} room for {@code count} values, all non-NULL; its children are filled after. */
  private static void defineAll(StructVector struct, int count) {
    while (struct.getValueCapacity() < count) {
      struct.reAlloc();
    }
    Validity.setAll(struct.getValidityBuffer(), count);
  }
}
