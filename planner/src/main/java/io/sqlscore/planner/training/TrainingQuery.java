package io.sqlscore.planner.training;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The query of {@code CREATE MODEL ... AS}, split into its label column and its feature columns
 * (all the others, in SELECT order), and the SQL that reads it: every read wraps the query as
 * written, so that DuckDB runs it in its own dialect.
 *
 * <p>Rows are told apart by a hash of all their columns: the validation split holds the rows
 * whose hash with the seed falls below the validation fraction, so the same seed splits the
 * same rows the same way whatever order DuckDB returns them in, and every pass orders rows by
 * such a hash.
 */
public final class TrainingQuery {
  /** The column that marks validation rows in {@link #splitSource}. */
  static final String VALIDATION = "__sqlscore_validation";
  private static final long SPLIT_BUCKETS = 1_000_000;

  private final String model;
  private final String text;
  private final QueryColumn label;
  private final List<QueryColumn> features;

  private TrainingQuery(String model, String text, QueryColumn label, List<QueryColumn> features) {
    this.model = model;
    this.text = text;
    this.label = label;
    this.features = List.copyOf(features);
  }

  /**
   * The query's columns split into label and features, with every column a model cannot take
   * refused before any row is read.
   *
   * @param model the model's name, for messages
   * @param text the query as written
   * @param columns its result columns
   * @param labelName the label column to look for
   * @param labelGiven whether the label was named by the user (for the message when it is missing)
   * @throws SqlscoreException naming the column and what to do: INVALID_ARGUMENT for a missing
   *     or badly typed label, a duplicate column name, no feature columns; FEATURE_MISMATCH
   *     for a column a model cannot take
   */
  static TrainingQuery of(String model, String text, List<QueryColumn> columns, String labelName, boolean labelGiven) {
    Map<String, QueryColumn> byName = new HashMap<>();
    for (QueryColumn column : columns) {
      QueryColumn twice = byName.put(column.name().toLowerCase(Locale.ROOT), column);
      if (twice != null) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
            "the query of CREATE MODEL %s returns two columns named '%s'; a feature is a column name and the label "
                + "cannot also be a feature: leave one out or rename it with AS", model, column.name());
      }
    }
    QueryColumn label = byName.get(labelName.toLowerCase(Locale.ROOT));
    if (label == null) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          labelGiven
              ? "the label column '%s' of CREATE MODEL %s is not among the query's columns (%s); select it, or name "
                  + "another with WITH (label = '<column>')"
              : "CREATE MODEL %2$s needs a label column: name it with WITH (label = '<column>') (without it, a "
                  + "column named '%1$s' is the label); the query's columns are %3$s",
          labelName, model, names(columns));
    }
    if (!label.type().isNumber()) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "the label column '%s' of CREATE MODEL %s is %s; a label must be 0/1, BOOLEAN or a number: for a category "
              + "write a comparison such as (%s = 'yes') AS %s", label.name(), model, label.duckType(),
          label.quoted(), label.quoted());
    }
    List<QueryColumn> features = new ArrayList<>();
    for (QueryColumn column : columns) {
      if (column == label) {
        continue;
      }
      if (column.type() == ColumnClass.UNSUPPORTED) {
        throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
            "column '%s' of the query of CREATE MODEL %s is %s, which cannot be a feature; %s", column.name(), model,
            column.duckType(), ColumnClass.advice(column.duckType()));
      }
      features.add(column);
    }
    if (features.isEmpty()) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "the query of CREATE MODEL %s has no feature columns besides the label '%s'; select the columns to learn "
              + "from", model, label.name());
    }
    return new TrainingQuery(model, text, label, features);
  }

  /**
   * The query {@code testText} (with result columns {@code columns}) read with this query's
   * features and label, matched by name.
   *
   * @throws SqlscoreException FEATURE_MISMATCH naming a feature or the label that the test
   *     query lacks or returns with a type the feature cannot take
   */
  TrainingQuery sameColumnsIn(String testText, List<QueryColumn> columns, boolean[] vocabulary) {
    Map<String, QueryColumn> byName = new HashMap<>();
    columns.forEach(c -> byName.put(c.name().toLowerCase(Locale.ROOT), c));
    List<QueryColumn> testFeatures = new ArrayList<>();
    for (int f = 0; f < features.size(); f++) {
      QueryColumn column = testColumn(byName, features.get(f), "feature");
      boolean fits = vocabulary[f]
          ? column.type() != ColumnClass.UNSUPPORTED
          : column.type() == ColumnClass.INTEGER || column.type() == ColumnClass.REAL;
      if (!fits) {
        throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
            "column '%s' of the test query of CREATE MODEL %s is %s, but feature '%s' is %s; cast it in the test query",
            column.name(), model, column.duckType(), column.name(), vocabulary[f] ? "a vocabulary" : "numeric");
      }
      testFeatures.add(column);
    }
    QueryColumn testLabel = testColumn(byName, label, "label");
    if (!testLabel.type().isNumber()) {
      throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
          "the label column '%s' of the test query of CREATE MODEL %s is %s; it must be 0/1, BOOLEAN or a number, like "
              + "the training query's", testLabel.name(), model, testLabel.duckType());
    }
    return new TrainingQuery(model, testText, testLabel, testFeatures);
  }

  private QueryColumn testColumn(Map<String, QueryColumn> byName, QueryColumn wanted, String what) {
    QueryColumn column = byName.get(wanted.name().toLowerCase(Locale.ROOT));
    if (column == null) {
      throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
          "the test query of CREATE MODEL %s has no column '%s' (the %s of the training query); it must return "
              + "the training query's columns by name", model, wanted.name(), what);
    }
    return column;
  }

  /** The model's name. */
  public String model() {
    return model;
  }

  /** The query as written. */
  public String text() {
    return text;
  }

  /** The label column. */
  QueryColumn label() {
    return label;
  }

  /** The feature columns, in SELECT order. */
  List<QueryColumn> features() {
    return features;
  }

  /** The query as a FROM item, {@code q}; the line break ends a trailing line comment. */
  String source() {
    return wrap(text);
  }

  /** A query text as a FROM item {@code q}. */
  static String wrap(String query) {
    return "(\n" + query + "\n) AS q";
  }

  /** {@code hash(salts..., every feature, the label)} in SQL. */
  String rowHash(long... salts) {
    StringJoiner args = new StringJoiner(", ", "hash(", ")");
    for (long salt : salts) {
      args.add(Long.toString(salt));
    }
    for (QueryColumn column : features) {
      args.add(column.quoted());
    }
    return args.add(label.quoted()).toString();
  }

  /**
   * The query with column {@link #VALIDATION} added, as a FROM item {@code s}: true for about
   * {@code fraction} of the rows, chosen by {@code seed}.
   */
  String splitSource(long seed, double fraction) {
    long threshold = Math.round(fraction * SPLIT_BUCKETS);
    return "(SELECT *, (" + rowHash(seed) + " % " + SPLIT_BUCKETS + ") < " + threshold + " AS " + VALIDATION
        + " FROM " + source() + ") AS s";
  }

  /**
   * The columns a pass reads, in feature order and then the label as DOUBLE: vocabulary features
   * as VARCHAR (so that booleans, enums and integers of any width meet their vocabulary's
   * strings), numeric ones as they are.
   */
  String readColumns(boolean[] vocabulary) {
    StringJoiner columns = new StringJoiner(", ");
    for (int f = 0; f < features.size(); f++) {
      QueryColumn column = features.get(f);
      columns.add(vocabulary[f] ? "CAST(" + column.quoted() + " AS VARCHAR) AS " + column.quoted() : column.quoted());
    }
    return columns.add(label.asDouble() + " AS __sqlscore_label").toString();
  }

  private static String names(List<QueryColumn> columns) {
    StringJoiner joiner = new StringJoiner(", ");
    columns.forEach(c -> joiner.add(c.name()));
    return joiner.toString();
  }
}
