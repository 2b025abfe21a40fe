package io.sqlscore.udf.encode;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.NullPolicy;
import io.sqlscore.udf.FeatureBatch;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Encodes Arrow columns, one per feature in the model's field order, into a
 * {@link FeatureBatch} following config.json's feature list (PACKAGE.md): {@code id} columns
 * are range-checked integers, {@code vocabulary} columns (strings, or integers and booleans
 * compared as their string form, {@code 7}, {@code true}) map through the vocabulary with unseen values going to {@code oov_id},
 * {@code numeric} columns (integer, float or decimal) are min-max scaled in double then rounded
 * to float, and NULLs follow each feature's policy.
 *
 * <p>Rows that are not held in Arrow (a stream processor's rows) are encoded under the same rules
 * by {@link #encodeRows}, which reads them through {@link ValueRows}.
 *
 * <p>Errors name the model label, the feature, the column and the 1-based row within the
 * query, and say what to do. Instances are immutable and thread-safe.
 */
public final class FeatureEncoder {
  private final ModelConfig config;
  private final String label;
  private final List<FeatureSpec> features;
  /** Per feature, the UTF-8 lookup of a {@code vocabulary} feature; null for the others. */
  private final Utf8Vocabulary[] utf8Vocabularies;

  /**
   * An encoder for {@code config}'s features; {@code label} names the model in messages (e.g.
   * {@code adult@2}).
   *
   * @throws SqlscoreException FEATURE_MISMATCH when the config has no feature list
   */
  public FeatureEncoder(ModelConfig config, String label) {
    if (!config.hasFeatures()) {
      throw SqlscoreException.of(
          ErrorCode.FEATURE_MISMATCH,
          "model %s has no \"features\" in its config.json, so it cannot be scored from SQL columns;"
              + " add a feature list to the package",
          label);
    }
    this.config = config;
    this.label = label;
    this.features = config.features();
    this.utf8Vocabularies = new Utf8Vocabulary[features.size()];
    for (int f = 0; f < features.size(); f++) {
      if (features.get(f).encoding() == FeatureSpec.Encoding.VOCABULARY) {
        utf8Vocabularies[f] = new Utf8Vocabulary(features.get(f));
      }
    }
  }

  /** The config the encoder follows. */
  public ModelConfig config() {
    return config;
  }

  /**
   * Checks, before any row is read, that each column's Arrow type suits its feature.
   *
   * @param fields the Arrow fields of the columns, in feature order
   * @param columnNames the SQL names of the columns, for messages
   * @throws SqlscoreException FEATURE_MISMATCH naming the first feature whose column does not
   *     fit, or a column count other than nfield
   */
  public void checkTypes(List<Field> fields, List<String> columnNames) {
    checkCount(fields.size(), columnNames);
    for (int f = 0; f < fields.size(); f++) {
      checkType(f, fields.get(f), columnNames.get(f));
    }
  }

  /**
   * Checks, before any row is read, that columns whose values will reach {@link #encodeRows}
   * as instances of the given Java classes suit their features.
   *
   * @param valueTypes the Java class of each column's values, in feature order
   * @param typeNames each column's type as its users write it, for messages (e.g. {@code BOOLEAN})
   * @param columnNames the names of the columns, for messages
   * @throws SqlscoreException FEATURE_MISMATCH naming the first feature whose column does not
   *     fit, or a column count other than nfield
   */
  public void checkValueTypes(List<Class<?>> valueTypes, List<String> typeNames, List<String> columnNames) {
    checkCount(valueTypes.size(), columnNames);
    for (int f = 0; f < valueTypes.size(); f++) {
      String typeName = typeNames.get(f);
      checkKind(f, ColumnKind.of(valueTypes.get(f)), () -> "a " + typeName + " column", columnNames.get(f));
    }
  }

  /**
   * Encodes rows held outside Arrow under the rules of {@link #encode}.
   *
   * @param rows the rows, column f holding feature f's values
   * @param valueTypes the Java class of each column's values (see {@link ValueRows}), in feature order
   * @param columnNames the names of the columns, for messages
   * @param firstRow the 0-based index, within the query, of the first row
   * @throws SqlscoreException FEATURE_MISMATCH for a column type a feature cannot take,
   *     BAD_FEATURE_VALUE for a value it cannot encode
   */
  public FeatureBatch encodeRows(ValueRows rows, List<Class<?>> valueTypes, List<String> columnNames, long firstRow) {
    RowByRowBatch batch = rowByRow(valueTypes, columnNames, rows.size(), firstRow);
    for (int r = 0; r < rows.size(); r++) {
      batch.add(rows, r);
    }
    return batch.batch();
  }

  /**
   * An empty batch of up to {@code capacity} rows to fill one row at a time from rows held
   * outside Arrow.
   *
   * @param valueTypes the Java class of each column's values (see {@link ValueRows}), in feature order
   * @param columnNames the names of the columns, for messages
   * @param firstRow the 0-based index, within the query, of the batch's first row
   * @throws SqlscoreException FEATURE_MISMATCH for a column type a feature cannot take
   */
  public RowByRowBatch rowByRow(List<Class<?>> valueTypes, List<String> columnNames, int capacity, long firstRow) {
    int fieldCount = features.size();
    checkCount(valueTypes.size(), columnNames);
    int[] ids = new int[capacity * fieldCount];
    float[] values = new float[capacity * fieldCount];
    Cells[] cells = new Cells[fieldCount];
    ColumnKind[] kinds = new ColumnKind[fieldCount];
    FeatureSpec.Encoding[] encodings = new FeatureSpec.Encoding[fieldCount];
    for (int f = 0; f < fieldCount; f++) {
      cells[f] = new Cells(f, columnNames.get(f), firstRow, 0, ids, values, fieldCount);
      Class<?> type = valueTypes.get(f);
      kinds[f] = checkKind(f, ColumnKind.of(type), () -> "a " + type.getSimpleName() + " column",
          columnNames.get(f));
      encodings[f] = features.get(f).encoding();
    }
    return new RowByRowBatch(cells, kinds, encodings, utf8Vocabularies, ids, values, capacity);
  }

  /**
   * Encodes one batch.
   *
   * @param columns one vector per feature, in feature order, all with the same value count
   * @param columnNames the SQL names of the columns, for messages
   * @param firstRow the 0-based index, within the query, of the batch's first row
   * @throws SqlscoreException FEATURE_MISMATCH for a column type the feature cannot take,
   *     BAD_FEATURE_VALUE for a value it cannot encode
   */
  public FeatureBatch encode(List<? extends FieldVector> columns, List<String> columnNames, long firstRow) {
    checkCount(columns.size(), columnNames);
    return encode(columns, columnNames, firstRow, 0, columns.get(0).getValueCount());
  }

  /**
   * Encodes rows {@code [from, to)} of one batch; threads may encode disjoint ranges of the same
   * columns at once. Errors name the row as {@link #encode(List, List, long)} does.
   *
   * @param columns one vector per feature, in feature order, all with the same value count
   * @param columnNames the SQL names of the columns, for messages
   * @param firstRow the 0-based index, within the query, of the batch's first row (not of {@code from})
   * @throws SqlscoreException as {@link #encode(List, List, long)}
   */
  public FeatureBatch encode(
      List<? extends FieldVector> columns, List<String> columnNames, long firstRow, int from, int to) {
    checkCount(columns.size(), columnNames);
    int fieldCount = features.size();
    int rows = columns.get(0).getValueCount();
    int[] ids = new int[(to - from) * fieldCount];
    float[] values = new float[(to - from) * fieldCount];
    for (int f = 0; f < fieldCount; f++) {
      FieldVector column = columns.get(f);
      String name = columnNames.get(f);
      if (column.getValueCount() != rows) {
        throw SqlscoreException.of(
            ErrorCode.INVALID_ARGUMENT,
            "model %s: column '%s' has %d rows but column '%s' has %d",
            label,
            name,
            column.getValueCount(),
            columnNames.get(0),
            rows);
      }
      ColumnKind kind = checkType(f, column.getField(), name);
      Cells cells = new Cells(f, name, firstRow, from, ids, values, fieldCount);
      switch (features.get(f).encoding()) {
        case ID:
          encodeIds(cells, (BaseIntVector) column, from, to);
          break;
        case VOCABULARY:
          if (kind == ColumnKind.STRING) {
            encodeStrings(cells, column, utf8Vocabularies[f], from, to);
          } else {
            encodeVocabulary(cells, column, kind, from, to);
          }
          break;
        default:
          encodeNumeric(cells, column, kind, from, to);
      }
    }
    return new FeatureBatch(to - from, fieldCount, ids, values);
  }

  private void checkCount(int count, List<String> columnNames) {
    if (count != features.size() || columnNames.size() != count) {
      throw SqlscoreException.of(
          ErrorCode.FEATURE_MISMATCH,
          "model %s takes %d features (%s) but got %d columns",
          label,
          features.size(),
          features.stream().map(FeatureSpec::name).toList(),
          count);
    }
  }

  private ColumnKind checkType(int f, Field field, String column) {
    FeatureSpec spec = features.get(f);
    if (field.getDictionary() != null) {
      throw mismatch(spec, column, "a dictionary-encoded column", "CAST it to VARCHAR or an integer type");
    }
    ColumnKind kind = ColumnKind.of(field.getType());
    return checkKind(f, kind, () -> "a " + kind.description() + " column (Arrow " + field.getType() + ")", column);
  }

  /**
   * Returns {@code kind} when feature {@code f} accepts it; else FEATURE_MISMATCH, calling the column what
   * {@code found} says (built only then: the check runs for every batch and slice).
   */
  private ColumnKind checkKind(int f, ColumnKind kind, Supplier<String> found, String column) {
    Set<ColumnKind> accepted = accepted(features.get(f).encoding());
    if (!accepted.contains(kind)) {
      throw mismatch(
          features.get(f),
          column,
          found.get(),
          "pass " + accepted.stream().map(ColumnKind::description).reduce((a, b) -> a + " or " + b).orElseThrow()
              + " values");
    }
    return kind;
  }

  private static Set<ColumnKind> accepted(FeatureSpec.Encoding encoding) {
    switch (encoding) {
      case ID:
        return EnumSet.of(ColumnKind.INTEGER);
      case VOCABULARY:
        return EnumSet.of(ColumnKind.STRING, ColumnKind.INTEGER, ColumnKind.BOOLEAN);
      default:
        return EnumSet.of(ColumnKind.INTEGER, ColumnKind.FLOATING, ColumnKind.DECIMAL);
    }
  }

  private SqlscoreException mismatch(FeatureSpec spec, String column, String found, String fix) {
    return SqlscoreException.of(
        ErrorCode.FEATURE_MISMATCH,
        "model %s: feature '%s' (%s) cannot take column '%s', %s; %s",
        label,
        spec.name(),
        spec.describeType(),
        column,
        found,
        fix);
  }

  /**
   * Where one column's cells go, and how to word errors about them: row {@code r} of the column
   * goes to row {@code r - from} of the arrays and is row {@code firstRow + r + 1} of the query.
   */
  final class Cells {
    final int field;
    final String column;
    final long firstRow;
    final int from;
    final int[] ids;
    final float[] values;
    final int stride;
    final FeatureSpec spec;

    Cells(int field, String column, long firstRow, int from, int[] ids, float[] values, int stride) {
      this.field = field;
      this.column = column;
      this.firstRow = firstRow;
      this.from = from;
      this.ids = ids;
      this.values = values;
      this.stride = stride;
      this.spec = features.get(field);
    }

    void put(int row, int id, float value) {
      int at = (row - from) * stride + field;
      ids[at] = id;
      values[at] = value;
    }

    /** An {@code id} feature's id, range-checked. */
    void putId(int row, long id) {
      if (id < spec.minId() || id > spec.maxId()) {
        throw bad(
            row,
            String.format(Locale.ROOT, "id %d is outside the feature's range [%d, %d]", id, spec.minId(), spec.maxId()),
            "fix the id or filter the row out");
      }
      put(row, (int) id, 1f);
    }

    /** A {@code vocabulary} feature's value in its string form. */
    void putKey(int row, String key) {
      put(row, spec.lookup(key), 1f);
    }

    /** A {@code numeric} feature's value, scaled; NaN, infinities and overflows are refused. */
    void putNumber(int row, double x) {
      float value = spec.scale(x);
      if (!Float.isFinite(value)) {
        throw bad(
            row,
            Double.isFinite(x) ? "the value " + x + " is too large for a float after scaling" : "the value is " + x,
            "filter such rows out or replace the value (NaN and infinite values cannot be scored)");
      }
      put(row, spec.id(), value);
    }

    /**
     * The source of a feature's values, for messages: {@code column 'age'}, or for a name the
     * planner gave an expression argument ({@code $feature0}: names of its own start with
     * {@code $}) {@code an expression argument}.
     */
    private static String describe(String column) {
      return column.startsWith("$") ? "an expression argument" : "column '" + column + "'";
    }

    SqlscoreException bad(int row, String problem, String fix) {
      return SqlscoreException.of(
          ErrorCode.BAD_FEATURE_VALUE,
          "model %s: feature '%s' (%s), row %d: %s; %s",
          label,
          spec.name(),
          describe(column),
          firstRow + row + 1,
          problem,
          fix);
    }

    /** Applies the NULL policy to a NULL at {@code row}. */
    void putNull(int row) {
      NullPolicy policy = spec.nullPolicy();
      switch (policy.kind()) {
        case OOV:
          put(row, spec.oovId(), 1f);
          break;
        case DEFAULT:
          if (spec.encoding() == FeatureSpec.Encoding.ID) {
            put(row, (int) policy.defaultValue(), 1f);
          } else {
            put(row, spec.id(), (float) policy.defaultValue());
          }
          break;
        default:
          throw bad(
              row,
              "the value is NULL and the feature's null policy is \"error\"",
              "filter such rows out or replace NULL with COALESCE");
      }
    }
  }

  private static void encodeIds(Cells cells, BaseIntVector column, int from, int to) {
    for (int r = from; r < to; r++) {
      if (column.isNull(r)) {
        cells.putNull(r);
      } else {
        cells.putId(r, column.getValueAsLong(r));
      }
    }
  }

  /** String cells, looked up on their UTF-8 bytes without decoding them. */
  private static void encodeStrings(Cells cells, FieldVector column, Utf8Vocabulary vocabulary, int from, int to) {
    if (!(column instanceof BaseVariableWidthVector)) {
      for (int r = from; r < to; r++) {
        if (column.isNull(r)) {
          cells.putNull(r);
        } else {
          byte[] bytes = ((VariableWidthFieldVector) column).get(r);
          cells.put(r, vocabulary.lookup(bytes, 0, bytes.length), 1f);
        }
      }
      return;
    }
    BaseVariableWidthVector strings = (BaseVariableWidthVector) column;
    ArrowBuf offsets = strings.getOffsetBuffer();
    ArrowBuf data = strings.getDataBuffer();
    for (int r = from; r < to; r++) {
      if (strings.isNull(r)) {
        cells.putNull(r);
        continue;
      }
      int start = offsets.getInt((long) r * BaseVariableWidthVector.OFFSET_WIDTH);
      int end = offsets.getInt((long) (r + 1) * BaseVariableWidthVector.OFFSET_WIDTH);
      cells.put(r, vocabulary.lookup(data, start, end - start), 1f);
    }
  }

  private static void encodeVocabulary(Cells cells, FieldVector column, ColumnKind kind, int from, int to) {
    for (int r = from; r < to; r++) {
      if (column.isNull(r)) {
        cells.putNull(r);
        continue;
      }
      cells.putKey(r,
          kind == ColumnKind.INTEGER
              ? Long.toString(((BaseIntVector) column).getValueAsLong(r))
              : Boolean.toString(((BitVector) column).get(r) == 1));
    }
  }

  private static void encodeNumeric(Cells cells, FieldVector column, ColumnKind kind, int from, int to) {
    for (int r = from; r < to; r++) {
      if (column.isNull(r)) {
        cells.putNull(r);
        continue;
      }
      double x;
      if (kind == ColumnKind.INTEGER) {
        x = ((BaseIntVector) column).getValueAsLong(r);
      } else if (kind == ColumnKind.FLOATING) {
        x = ((FloatingPointVector) column).getValueAsDouble(r);
      } else if (column instanceof DecimalVector) {
        x = ((DecimalVector) column).getObject(r).doubleValue();
      } else {
        x = ((Decimal256Vector) column).getObject(r).doubleValue();
      }
      cells.putNumber(r, x);
    }
  }
}
