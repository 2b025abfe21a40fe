package io.sqlscore.flink;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.udf.encode.FeatureEncoder;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * How a Flink model's INPUT and OUTPUT columns meet a sqlscore model, checked when the job is
 * planned: INPUT column i is feature i (by name, as PREDICT binds columns, unless the registry
 * version binds by position) with a type the feature can encode; OUTPUT has a DOUBLE score
 * column, an explanation column of {@link ExplanationRows#TYPE}, or both. At run time it reads
 * the INPUT values Flink passes ({@link InputRows}) and builds the OUTPUT rows.
 */
final class ModelColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> inputNames;
  private final LogicalType[] inputTypes;
  private final int outputArity;
  private final int scoreAt;
  private final int explanationAt;

  private ModelColumns(List<String> inputNames, LogicalType[] inputTypes, int outputArity, int scoreAt,
      int explanationAt) {
    this.inputNames = inputNames;
    this.inputTypes = inputTypes;
    this.outputArity = outputArity;
    this.scoreAt = scoreAt;
    this.explanationAt = explanationAt;
  }

  /**
   * Checks {@code input} and {@code output} (a Flink model's INPUT and OUTPUT) against
   * {@code model}, whose config is {@code config}; {@code k} is the {@code explain} option, or
   * null when not given.
   *
   * @throws SqlscoreException FEATURE_MISMATCH for INPUT columns that are not the model's
   *     features, TYPE_MISMATCH for an OUTPUT column sqlscore cannot fill, INVALID_SETTING for an
   *     {@code explain} option without an explanation column or the reverse
   */
  static ModelColumns bind(PinnedModel model, ModelConfig config, ResolvedSchema input, ResolvedSchema output,
      Integer k) {
    FeatureEncoder encoder = new FeatureEncoder(config, model.label());
    List<FeatureSpec> features = config.features();
    List<Column> columns = input.getColumns();
    List<String> names = new ArrayList<>();
    List<String> typeNames = new ArrayList<>();
    for (Column column : columns) {
      names.add(column.getName());
      typeNames.add(column.getDataType().getLogicalType().asSummaryString());
    }
    if (columns.size() != features.size()) {
      throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
          "model %s takes %d features (%s) but the Flink model's INPUT has %d columns (%s); declare one INPUT "
              + "column per feature, in this order",
          model.label(), features.size(), features.stream().map(FeatureSpec::name).toList(), columns.size(), names);
    }
    for (int i = 0; i < columns.size() && !model.bindsByPosition(); i++) {
      if (!names.get(i).equalsIgnoreCase(features.get(i).name())) {
        throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
            "INPUT column %d of the Flink model is '%s' but feature %d of model %s is '%s'; name the INPUT "
                + "columns after the model's features, in order: %s",
            i + 1, names.get(i), i + 1, model.label(), features.get(i).name(),
            features.stream().map(FeatureSpec::name).toList());
      }
    }
    LogicalType[] types = columns.stream().map(c -> c.getDataType().getLogicalType()).toArray(LogicalType[]::new);
    encoder.checkValueTypes(valueTypes(types), typeNames, names);
    return bindOutput(model, output, k, List.copyOf(names), types);
  }

  private static ModelColumns bindOutput(PinnedModel model, ResolvedSchema output, Integer k, List<String> names,
      LogicalType[] types) {
    int scoreAt = -1;
    int explanationAt = -1;
    List<Column> columns = output.getColumns();
    for (int i = 0; i < columns.size(); i++) {
      LogicalType type = columns.get(i).getDataType().getLogicalType();
      if (type.getTypeRoot() == LogicalTypeRoot.DOUBLE && scoreAt < 0) {
        scoreAt = i;
      } else if (ExplanationRows.matches(type) && explanationAt < 0) {
        explanationAt = i;
      } else {
        throw SqlscoreException.of(ErrorCode.TYPE_MISMATCH,
            "OUTPUT column '%s' of the Flink model for %s has type %s; sqlscore fills one score column of type "
                + "DOUBLE and, for explanations, one column of type %s",
            columns.get(i).getName(), model.label(), type.asSummaryString(), ExplanationRows.TYPE);
      }
    }
    if (explanationAt >= 0 && k == null) {
      throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
          "OUTPUT column '%s' of the Flink model for %s takes explanations; say how many cross features each "
              + "has with 'explain' = '3' (1 to 10000) in the WITH options",
          columns.get(explanationAt).getName(), model.label());
    }
    if (k != null && explanationAt < 0) {
      throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
          "'explain' = '%d' needs an OUTPUT column for the explanations of %s, of type %s", k, model.label(),
          ExplanationRows.TYPE);
    }
    if (k != null && (k < 1 || k > 10_000)) {
      throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
          "'explain' is the number of cross features per explanation; it must be from 1 to 10000, not %d", k);
    }
    return new ModelColumns(names, types, columns.size(), scoreAt, explanationAt);
  }

  /** The INPUT column names, in feature order. */
  List<String> inputNames() {
    return inputNames;
  }

  /** Whether OUTPUT has an explanation column. */
  boolean explains() {
    return explanationAt >= 0;
  }

  /** The Java class of each INPUT column's values (Flink's default conversion of its type), in feature order. */
  List<Class<?>> inputValueTypes() {
    return valueTypes(inputTypes);
  }

  /** The Java class of the values of each of {@code types} (Flink's default conversion). */
  static List<Class<?>> valueTypes(LogicalType[] types) {
    return Arrays.stream(types).<Class<?>>map(LogicalType::getDefaultConversion).toList();
  }

  /** A reader of the INPUT columns of the rows Flink passes to a predict function. */
  InputRows inputRows() {
    return new InputRows(inputTypes);
  }

  /** The OUTPUT row of one scored row. */
  RowData output(double score, RowData explanation) {
    GenericRowData row = new GenericRowData(outputArity);
    if (scoreAt >= 0) {
      row.setField(scoreAt, score);
    }
    if (explanationAt >= 0) {
      row.setField(explanationAt, explanation);
    }
    return row;
  }
}
