package io.sqlscore.planner.training;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.Task;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * One pass of statistics over a training query, computed by DuckDB in SQL: row counts, the
 * label's values, and per feature its NULLs, distinct values and range over the training rows
 * (the validation rows excluded), plus the checks that refuse bad input before training.
 */
final class QueryStatistics {
  /**
   * What one feature column holds.
   *
   * @param nonNull non-NULL values in all rows
   * @param nonNullTraining non-NULL values in the training rows
   * @param distinct distinct non-NULL values in the training rows
   * @param min smallest value in the training rows (numbers only, else NaN)
   * @param max largest value in the training rows (numbers only, else NaN)
   * @param mean mean of the training rows (numbers only, else NaN)
   * @param nonFinite NaN or infinite values in all rows
   * @param equalsLabel true when the column equals the label in every row
   */
  record Feature(long nonNull, long nonNullTraining, long distinct, double min, double max, double mean,
      long nonFinite, boolean equalsLabel) {}

  private final TrainingQuery query;
  private final long rows;
  private final long validationRows;
  private final long labelNonNull;
  private final long labelOther;
  private final long labelOnes;
  private final double labelMin;
  private final double labelMax;
  private final long labelDistinct;
  private final long labelNonFinite;
  private final BigInteger contentSum;
  private final List<Feature> features;

  private QueryStatistics(TrainingQuery query, ResultSet rs) throws SQLException {
    this.query = query;
    int c = 1;
    rows = rs.getLong(c++);
    validationRows = rs.getLong(c++);
    labelNonNull = rs.getLong(c++);
    labelOther = rs.getLong(c++);
    labelOnes = rs.getLong(c++);
    labelMin = number(rs, c++);
    labelMax = number(rs, c++);
    labelDistinct = rs.getLong(c++);
    labelNonFinite = rs.getLong(c++);
    String sum = rs.getString(c++);
    contentSum = sum == null ? BigInteger.ZERO : new BigInteger(sum);
    features = new ArrayList<>();
    for (int f = 0; f < query.features().size(); f++) {
      long nonNull = rs.getLong(c++);
      long nonNullTraining = rs.getLong(c++);
      long distinct = rs.getLong(c++);
      double min = number(rs, c++);
      double max = number(rs, c++);
      double mean = roundedMean(number(rs, c++));
      long nonFinite = rs.getLong(c++);
      boolean equalsLabel = rs.getBoolean(c++);
      features.add(new Feature(nonNull, nonNullTraining, distinct, min, max, mean, nonFinite, equalsLabel));
    }
  }

  /** Computes the statistics of {@code query} split by {@code seed} and the validation fraction. */
  static QueryStatistics compute(TrainingSnapshot snapshot, TrainingQuery query, long seed, double validation) {
    QueryStatistics[] result = new QueryStatistics[1];
    snapshot.rows(sql(query, seed, validation), rs -> result[0] = new QueryStatistics(query, rs));
    return result[0];
  }

  private static String sql(TrainingQuery query, long seed, double validation) {
    String training = " FILTER (WHERE NOT " + TrainingQuery.VALIDATION + ")";
    QueryColumn label = query.label();
    String y = label.asDouble();
    StringJoiner select = new StringJoiner(",\n  ", "SELECT ", "");
    select.add("count(*)").add("count(*) FILTER (WHERE " + TrainingQuery.VALIDATION + ")");
    select.add("count(" + label.quoted() + ")").add("count(*) FILTER (WHERE " + y + " NOT IN (0, 1))")
        .add("count(*) FILTER (WHERE " + y + " = 1)").add("min(" + y + ")").add("max(" + y + ")")
        .add("count(DISTINCT " + label.quoted() + ")").add(nonFinite(label))
        .add("CAST(sum(" + query.rowHash() + ") AS VARCHAR)");
    for (QueryColumn f : query.features()) {
      boolean number = f.type() == ColumnClass.INTEGER || f.type() == ColumnClass.REAL;
      String x = f.asDouble();
      select.add("count(" + f.quoted() + ")").add("count(" + f.quoted() + ")" + training)
          .add("count(DISTINCT " + f.quoted() + ")" + training)
          .add(number ? "min(" + x + ")" + training : "NULL").add(number ? "max(" + x + ")" + training : "NULL")
          .add(number ? "fsum(" + x + ")" + training + " / count(" + x + ")" + training : "NULL").add(nonFinite(f))
          .add(f.type().isNumber() ? "coalesce(bool_and(" + x + " IS NOT DISTINCT FROM " + y + "), false)" : "false");
    }
    return select + "\nFROM " + query.splitSource(seed, validation);
  }

  private static String nonFinite(QueryColumn column) {
    return column.type() == ColumnClass.REAL
        ? "count(*) FILTER (WHERE NOT isfinite(" + column.asDouble() + "))"
        : "0";
  }

  /**
   * The mean to 10 significant digits: DuckDB sums in parallel (with compensated summation),
   * so the last bits of a mean may vary from run to run; the rounded mean practically never does.
   */
  private static double roundedMean(double mean) {
    return Double.isFinite(mean) ? new BigDecimal(mean).round(new MathContext(10)).doubleValue() : mean;
  }

  private static double number(ResultSet rs, int column) throws SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? Double.NaN : value;
  }

  /** All rows of the query. */
  long rows() {
    return rows;
  }

  /** Rows held out for validation. */
  long validationRows() {
    return validationRows;
  }

  /** Rows trained on. */
  long trainingRows() {
    return rows - validationRows;
  }

  /** The statistics of feature {@code f}. */
  Feature feature(int f) {
    return features.get(f);
  }

  /** The sum of the rows' hashes: with the row count and the columns, the identity of the rows. */
  BigInteger contentSum() {
    return contentSum;
  }

  /**
   * The task: {@code given}, or binary when the label is BOOLEAN or only 0 and 1, else
   * regression. Refuses, naming the column and what to do: no rows, NULL or non-finite labels,
   * a binary label with other values or one class only, a constant regression label, a feature
   * column that is NULL everywhere, non-finite or a copy of the label, fewer than 2 training
   * rows.
   */
  Task check(Task given) {
    String model = query.model();
    QueryColumn label = query.label();
    if (rows == 0) {
      throw refuse("the query of CREATE MODEL %s returned no rows; check its FROM and WHERE clauses", model);
    }
    if (labelNonNull < rows) {
      throw refuse("the label column '%s' is NULL in %d of %d rows; filter them out (WHERE %s IS NOT NULL) or fill "
          + "them in (coalesce(%s, 0))", label.name(), rows - labelNonNull, rows, label.quoted(), label.quoted());
    }
    if (labelNonFinite > 0) {
      throw refuse("the label column '%s' is NaN or infinite in %d rows; filter them out (WHERE isfinite(%s))",
          label.name(), labelNonFinite, label.quoted());
    }
    Task task = given != null ? given
        : label.type() == ColumnClass.BOOLEAN || labelOther == 0 ? Task.BINARY : Task.REGRESSION;
    if (task == Task.BINARY && labelOther > 0) {
      throw refuse("the label column '%s' has values other than 0 and 1 (%d rows; values from %s to %s), so it cannot "
          + "be the label of a binary model; make it 0/1 with a comparison such as (%s > 0) AS %s, or train a "
          + "regression with WITH (task = 'regression')", label.name(), labelOther, format(labelMin),
          format(labelMax), label.quoted(), label.quoted());
    }
    if (task == Task.BINARY && (labelOnes == 0 || labelOnes == rows)) {
      throw refuse("the label column '%s' is %d in every row; a binary model needs rows of both classes (0 and 1)",
          label.name(), labelOnes == 0 ? 0 : 1);
    }
    if (task == Task.REGRESSION && labelDistinct < 2) {
      throw refuse("the label column '%s' has the same value (%s) in every row; there is nothing to learn",
          label.name(), format(labelMin));
    }
    for (int f = 0; f < features.size(); f++) {
      checkFeature(query.features().get(f), features.get(f));
    }
    if (trainingRows() < 2) {
      throw refuse("CREATE MODEL %s has %d training rows (%d of %d rows are held out for validation); training needs "
          + "at least 2: select more rows or lower WITH (validation = ...)", model, trainingRows(), validationRows,
          rows);
    }
    return task;
  }

  private void checkFeature(QueryColumn column, Feature stats) {
    if (stats.nonNull() == 0) {
      throw refuse("column '%s' is NULL in every row, so it cannot be a feature; leave it out of the SELECT",
          column.name());
    }
    if (stats.nonNullTraining() == 0) {
      throw refuse("column '%s' is NULL in every training row (its %d values all fall in the validation rows), so it "
          + "cannot be a feature; leave it out of the SELECT", column.name(), stats.nonNull());
    }
    if (stats.nonFinite() > 0) {
      throw refuse("column '%s' is NaN or infinite in %d rows; filter them out (WHERE isfinite(%s)) or replace them",
          column.name(), stats.nonFinite(), column.quoted());
    }
    if (stats.equalsLabel()) {
      throw refuse("column '%s' equals the label '%s' in every row: the label cannot also be a feature; leave '%s' "
          + "out of the SELECT", column.name(), query.label().name(), column.name());
    }
  }

  private static SqlscoreException refuse(String format, Object... args) {
    return SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, format, args);
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }
}
