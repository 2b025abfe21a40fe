package io.sqlscore.planner.exec;

import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.explain.CrossFeature;
import io.sqlscore.udf.explain.Explainer;
import io.sqlscore.udf.explain.RowExplanation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The EXPLAIN_PREDICT output (EXPLAIN.md): a struct of the score, the top-k cross features (the
 * fields they combine, the row's values of those fields as text, order, support order, weight)
 * and every field's importance, most important first.
 */
final class ExplanationColumn implements OutputColumn {
  private final Field field;
  private final Explainer explainer;
  private final int k;
  private final byte[][] fieldNames;
  private RowExplanation[] explained = new RowExplanation[0];

  /** Explains rows with {@code explainer}, naming fields by {@code fieldNames}. */
  ExplanationColumn(String name, Explainer explainer, int k, List<String> fieldNames) {
    this.explainer = explainer;
    this.k = k;
    this.fieldNames = new byte[fieldNames.size()][];
    for (int f = 0; f < fieldNames.size(); f++) {
      this.fieldNames[f] = fieldNames.get(f).getBytes(StandardCharsets.UTF_8);
    }
    Field cross = struct("item", List.of(
        list("fields", text("item", false)), list("values", text("item", true)),
        integer("order"), integer("support_order"), dbl("weight")));
    Field importance = struct("item", List.of(text("field", false), dbl("weight")));
    this.field = struct(name, List.of(dbl("score"), list("crosses", cross), list("importance", importance)));
  }

  @Override
  public Field field() {
    return field;
  }

  @Override
  public void begin(int rows) {
    explained = new RowExplanation[rows];
  }

  @Override
  public void collect(ForwardResult part, int partFirstRow, int from, int to) {
    for (int r = from; r < to; r++) {
      explained[partFirstRow + r] = explainer.explain(part, r, k);
    }
  }

  @Override
  public void write(FieldVector vector, ForwardResult result, List<FieldVector> features) {
    StructVector explanation = (StructVector) vector;
    explanation.clear();
    Float8Vector score = explanation.getChild("score", Float8Vector.class);
    ListVector crosses = explanation.getChild("crosses", ListVector.class);
    StructVector cross = (StructVector) crosses.getDataVector();
    ListVector fields = cross.getChild("fields", ListVector.class);
    VarCharVector fieldTexts = (VarCharVector) fields.getDataVector();
    ListVector values = cross.getChild("values", ListVector.class);
    VarCharVector valueTexts = (VarCharVector) values.getDataVector();
    IntVector order = cross.getChild("order", IntVector.class);
    IntVector support = cross.getChild("support_order", IntVector.class);
    Float8Vector weight = cross.getChild("weight", Float8Vector.class);
    ListVector importance = explanation.getChild("importance", ListVector.class);
    StructVector item = (StructVector) importance.getDataVector();
    VarCharVector itemField = item.getChild("field", VarCharVector.class);
    Float8Vector itemWeight = item.getChild("weight", Float8Vector.class);

    int rows = result.rows();
    double[] scores = result.scores();
    int expectedCrosses = Math.min(k, 2 * fieldNames.length);
    explanation.setInitialCapacity(rows);
    crosses.setInitialCapacity(rows, expectedCrosses);
    fields.setInitialCapacity(rows * expectedCrosses, 4);
    values.setInitialCapacity(rows * expectedCrosses, 4);
    fieldTexts.setInitialCapacity(rows * expectedCrosses * 4, 12);
    valueTexts.setInitialCapacity(rows * expectedCrosses * 4, 12);
    importance.setInitialCapacity(rows, fieldNames.length);
    itemField.setInitialCapacity(rows * fieldNames.length, 12);
    explanation.allocateNew();
    int c = 0;
    int text = 0;
    int imp = 0;
    for (int r = 0; r < rows; r++) {
      RowExplanation row = explained[r];
      explanation.setIndexDefined(r);
      score.setSafe(r, scores[r]);
      crosses.startNewValue(r);
      for (CrossFeature feature : row.crosses()) {
        cross.setIndexDefined(c);
        fields.startNewValue(c);
        values.startNewValue(c);
        for (int f : feature.fields()) {
          fieldTexts.setSafe(text, fieldNames[f]);
          byte[] value = SqlText.of(features.get(f), r);
          if (value == null) {
            valueTexts.setNull(text);
          } else {
            valueTexts.setSafe(text, value);
          }
          text++;
        }
        fields.endValue(c, feature.order());
        values.endValue(c, feature.order());
        order.setSafe(c, feature.order());
        support.setSafe(c, feature.supportOrder());
        weight.setSafe(c, feature.weight());
        c++;
      }
      crosses.endValue(r, row.crosses().size());
      importance.startNewValue(r);
      for (int f : row.byImportance()) {
        item.setIndexDefined(imp);
        itemField.setSafe(imp, fieldNames[f]);
        itemWeight.setSafe(imp, row.importance()[f]);
        imp++;
      }
      importance.endValue(r, row.byImportance().length);
    }
    fieldTexts.setValueCount(text);
    valueTexts.setValueCount(text);
    fields.setValueCount(c);
    values.setValueCount(c);
    order.setValueCount(c);
    support.setValueCount(c);
    weight.setValueCount(c);
    cross.setValueCount(c);
    crosses.setValueCount(rows);
    itemField.setValueCount(imp);
    itemWeight.setValueCount(imp);
    item.setValueCount(imp);
    importance.setValueCount(rows);
    score.setValueCount(rows);
    explanation.setValueCount(rows);
  }

  private static Field text(String name, boolean nullable) {
    return new Field(name, new FieldType(nullable, ArrowType.Utf8.INSTANCE, null), null);
  }

  private static Field integer(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.Int(32, true)), null);
  }

  private static Field dbl(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
  }

  private static Field list(String name, Field child) {
    return new Field(name, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(child));
  }

  private static Field struct(String name, List<Field> children) {
    return new Field(name, FieldType.notNullable(ArrowType.Struct.INSTANCE), children);
  }
}
