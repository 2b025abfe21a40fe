package io.sqlscore.planner.exec;

import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.explain.ExplainedRow;
import io.sqlscore.udf.explain.Explainer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * The EXPLAIN_PREDICT output (EXPLAIN.md): a struct of the score, the top-k cross features (the
 * fields they combine, the row's values of those fields as text, order, support order, weight)
 * and every field's importance, most important first. Field names are dictionary-encoded: each
 * row names ~20 fields, and DuckDB imports an index into one small dictionary of the model's
 * field names far faster than a short string (about 15 ns each), while SQL still sees VARCHAR.
 */
final class ExplanationColumn implements OutputColumn {
  private final String name;
  private final Explainer explainer;
  private final int k;
  private final List<String> fieldNames;
  private ExplanationChunk[] chunkAt = new ExplanationChunk[0];
  /**
   * The explainer's row for the slice starting at each row, kept from batch to batch: it holds
   * the explainer's working arrays and the last row's picks, which the next row starts from.
   */
  private ExplainedRow[] explainedAt = new ExplainedRow[0];
  private SqlText[] values = new SqlText[0];

  /** Explains rows with {@code explainer}, naming fields by {@code fieldNames}. */
  ExplanationColumn(String name, Explainer explainer, int k, List<String> fieldNames) {
    this.name = name;
    this.explainer = explainer;
    this.k = k;
    this.fieldNames = List.copyOf(fieldNames);
  }

  @Override
  public Field field(long dictionaryId) {
    DictionaryEncoding names = new DictionaryEncoding(dictionaryId, false, new ArrowType.Int(32, true));
    Field cross = struct("item", List.of(
        list("fields", fieldName("item", names)), list("values", text("item")),
        integer("order"), integer("support_order"), dbl("weight")));
    Field importance = struct("item", List.of(fieldName("field", names), dbl("weight")));
    return struct(name, List.of(dbl("score"), list("crosses", cross), list("importance", importance)));
  }

  /** Fills the dictionary with the field names, field {@code f} at index {@code f}. */
  @Override
  public void fillDictionary(FieldVector dictionary) {
    VarCharVector names = (VarCharVector) dictionary;
    names.allocateNew(fieldNames.size());
    for (int f = 0; f < fieldNames.size(); f++) {
      names.setSafe(f, fieldNames.get(f).getBytes(StandardCharsets.UTF_8));
    }
    names.setValueCount(fieldNames.size());
  }

  /** Keeps the chunks of the previous batch (emptied) and their rows for reuse: slices start at the same rows from batch to batch. */
  @Override
  public void begin(int rows, List<FieldVector> features) {
    if (chunkAt.length != rows) {
      chunkAt = Arrays.copyOf(chunkAt, rows);
      explainedAt = Arrays.copyOf(explainedAt, rows);
    }
    for (ExplanationChunk chunk : chunkAt) {
      if (chunk != null) {
        chunk.clear();
      }
    }
    this.values = new SqlText[features.size()];
    for (int f = 0; f < values.length; f++) {
      values[f] = SqlText.of(features.get(f));
    }
  }

  @Override
  public void collect(ForwardResult part, int partFirstRow, int from, int to) {
    int first = partFirstRow + from;
    ExplanationChunk chunk = chunkAt[first];
    if (chunk == null) {
      chunk = new ExplanationChunk();
      chunkAt[first] = chunk;
      explainedAt[first] = new ExplainedRow();
    }
    ExplainedRow row = explainedAt[first];
    for (int r = from; r < to; r++) {
      explainer.explain(part, r, k, row);
      chunk.add(row, partFirstRow + r, values);
    }
  }

  @Override
  public void write(FieldVector vector, ForwardResult result) {
    List<ExplanationChunk> filled = new ArrayList<>();
    for (ExplanationChunk chunk : chunkAt) {
      if (chunk != null && chunk.rows() > 0) {
        filled.add(chunk);
      }
    }
    values = new SqlText[0];
    ExplanationChunk.write(filled, (StructVector) vector, result.scores());
  }

  private static Field text(String name) {
    return new Field(name, FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
  }

  private static Field fieldName(String name, DictionaryEncoding names) {
    return new Field(name, new FieldType(false, ArrowType.Utf8.INSTANCE, names), null);
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
