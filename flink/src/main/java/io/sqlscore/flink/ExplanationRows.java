package io.sqlscore.flink;

import static org.apache.flink.table.api.DataTypes.ARRAY;
import static org.apache.flink.table.api.DataTypes.DOUBLE;
import static org.apache.flink.table.api.DataTypes.FIELD;
import static org.apache.flink.table.api.DataTypes.INT;
import static org.apache.flink.table.api.DataTypes.ROW;
import static org.apache.flink.table.api.DataTypes.STRING;

import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.explain.ExplainedRow;
import io.sqlscore.udf.explain.Explainer;
import io.sqlscore.udf.explain.ValueText;
import java.util.List;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The explanation column of ML_PREDICT: EXPLAIN_PREDICT's struct (EXPLAIN.md) as a Flink ROW,
 * and the rows that fill it, the same score, cross features (field names, the row's values of
 * those fields as text, order, support order, weight) and field importance, most important
 * first. Not thread-safe: it keeps the explainer's working arrays from row to row.
 */
final class ExplanationRows {
  /** The type an OUTPUT column must have to receive explanations. */
  static final DataType TYPE =
      ROW(
          FIELD("score", DOUBLE()),
          FIELD("crosses", ARRAY(ROW(
              FIELD("fields", ARRAY(STRING())),
              FIELD("values", ARRAY(STRING())),
              FIELD("order", INT()),
              FIELD("support_order", INT()),
              FIELD("weight", DOUBLE())))),
          FIELD("importance", ARRAY(ROW(FIELD("field", STRING()), FIELD("weight", DOUBLE())))));

  private final Explainer explainer;
  private final int k;
  private final StringData[] fieldNames;
  private final ExplainedRow explained = new ExplainedRow();

  /** Rows of explanations by {@code explainer} with at most {@code k} cross features, naming fields {@code fieldNames}. */
  ExplanationRows(Explainer explainer, int k, List<String> fieldNames) {
    this.explainer = explainer;
    this.k = k;
    this.fieldNames = fieldNames.stream().map(StringData::fromString).toArray(StringData[]::new);
  }

  /** Whether {@code type} is {@link #TYPE}, whatever the nullability of its parts. */
  static boolean matches(LogicalType type) {
    return sameShape(TYPE.getLogicalType(), type);
  }

  private static boolean sameShape(LogicalType expected, LogicalType actual) {
    if (expected.getTypeRoot() != actual.getTypeRoot()
        || expected.getChildren().size() != actual.getChildren().size()) {
      return false;
    }
    if (expected instanceof RowType
        && !((RowType) expected).getFieldNames().equals(((RowType) actual).getFieldNames())) {
      return false;
    }
    for (int i = 0; i < expected.getChildren().size(); i++) {
      if (!sameShape(expected.getChildren().get(i), actual.getChildren().get(i))) {
        return false;
      }
    }
    return true;
  }

  /** The explanation of row {@code row} of {@code result}, whose feature values (Java values, in feature order) are {@code values}. */
  RowData explain(ForwardResult result, int row, Object[] values) {
    explainer.explain(result, row, k, explained);
    GenericRowData[] crosses = new GenericRowData[explained.crossCount()];
    for (int c = 0; c < crosses.length; c++) {
      int order = explained.order(c);
      StringData[] names = new StringData[order];
      StringData[] texts = new StringData[order];
      for (int i = 0; i < order; i++) {
        int f = explained.field(c, i);
        names[i] = fieldNames[f];
        String text = ValueText.of(values[f]);
        texts[i] = text == null ? null : StringData.fromString(text);
      }
      crosses[c] = GenericRowData.of(new GenericArrayData(names), new GenericArrayData(texts), order,
          explained.supportOrder(c), explained.weight(c));
    }
    GenericRowData[] importance = new GenericRowData[explained.fieldCount()];
    for (int i = 0; i < importance.length; i++) {
      int f = explained.fieldByImportance(i);
      importance[i] = GenericRowData.of(fieldNames[f], explained.importance(f));
    }
    return GenericRowData.of(result.scores()[row], new GenericArrayData(crosses), new GenericArrayData(importance));
  }
}
