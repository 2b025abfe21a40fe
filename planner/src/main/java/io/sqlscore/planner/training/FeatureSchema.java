package io.sqlscore.planner.training;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.NullPolicy;
import io.sqlscore.model.Task;
import io.sqlscore.train.Hyperparameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The features a training query's columns become, in the package format of imported models
 * (PACKAGE.md), so that PREDICT, EXPLAIN_PREDICT, the registry, the GPU and EXPORT MODEL treat
 * a trained model like any other.
 *
 * <ul>
 *   <li>VARCHAR, BOOLEAN, ENUM, and integer columns with at most
 *       {@value #SMALL_INTEGER_VALUES} distinct values in the training rows: vocabulary features
 *       of the values seen at least {@code min_count} times, sorted, then one out-of-vocabulary
 *       id; NULL is that id unless {@code null_policy} says {@code error}.
 *   <li>Other integers, FLOAT, DOUBLE and DECIMAL: numeric features scaled by the minimum and
 *       maximum of the training rows; NULL is the training rows' mean unless
 *       {@code null_policy} gives a value or {@code error}.
 * </ul>
 *
 * <p>Ids are given in SELECT order: each vocabulary takes its values' ids then its
 * out-of-vocabulary id, each numeric feature one id (the layout of the reference packages).
 */
final class FeatureSchema {
  /** Integer columns with at most this many distinct values become vocabulary features. */
  static final int SMALL_INTEGER_VALUES = 10;

  private FeatureSchema() {}

  /** Which features are vocabulary features (the others are numeric). */
  static boolean[] vocabulary(TrainingQuery query, QueryStatistics stats) {
    boolean[] vocabulary = new boolean[query.features().size()];
    for (int f = 0; f < vocabulary.length; f++) {
      ColumnClass type = query.features().get(f).type();
      vocabulary[f] = type == ColumnClass.INTEGER
          ? stats.feature(f).distinct() <= SMALL_INTEGER_VALUES
          : type != ColumnClass.REAL;
    }
    return vocabulary;
  }

  /**
   * The config of a {@code kind} model of {@code task} over the query's features.
   *
   * @throws SqlscoreException INVALID_ARGUMENT naming the column: a NULL policy that does not
   *     fit its feature, NULLs under policy error, no value frequent enough, a numeric column
   *     with one value; or a bad hyperparameter
   */
  static ModelConfig config(TrainingQuery query, QueryStatistics stats, boolean[] vocabulary,
      List<TreeMap<String, Long>> vocabularies, SqlTrainingOptions options, ModelKind kind, Task task,
      Map<String, String> hyperparameters) {
    checkPolicyColumns(query, options.nullPolicies());
    List<FeatureSpec> features = new ArrayList<>();
    int next = 0;
    for (int f = 0; f < vocabulary.length; f++) {
      QueryColumn column = query.features().get(f);
      NullPolicies.Policy policy = options.nullPolicies().of(column.name());
      QueryStatistics.Feature stat = stats.feature(f);
      if (policy != null && policy.isError() && stat.nonNullTraining() < stats.trainingRows()) {
        throw refuse("column '%s' is NULL in %d training rows but its null_policy is 'error'; filter them out "
            + "(WHERE %s IS NOT NULL) or choose another policy", column.name(),
            stats.trainingRows() - stat.nonNullTraining(), column.quoted());
      }
      FeatureSpec feature = vocabulary[f]
          ? vocabularyFeature(column, vocabularies.get(f), policy, next, options.minCount())
          : numericFeature(column, stat, policy, next);
      features.add(feature);
      next = (feature.encoding() == FeatureSpec.Encoding.VOCABULARY ? feature.oovId() : feature.id()) + 1;
    }
    Map<String, Object> config = new LinkedHashMap<>(
        Hyperparameters.resolve(kind, vocabulary.length, next, hyperparameters));
    if (options.description() != null) {
      config.put("description", options.description());
    }
    return ModelConfig.of(kind, task, config, features);
  }

  private static FeatureSpec vocabularyFeature(QueryColumn column, TreeMap<String, Long> values,
      NullPolicies.Policy policy, int next, int minCount) {
    if (policy != null && !policy.isError() && !policy.isOov()) {
      throw refuse("null_policy '%s' does not fit column '%s', a vocabulary feature; its NULLs can be 'oov' (the "
          + "default) or 'error'", policy.text(), column.name());
    }
    if (values.isEmpty()) {
      throw refuse("column '%s' has no value that occurs at least min_count = %d times in the training rows; lower "
          + "min_count or leave the column out of the SELECT", column.name(), minCount);
    }
    Map<String, Integer> ids = new LinkedHashMap<>();
    int id = next;
    for (String value : values.keySet()) {
      ids.put(value, id++);
    }
    return FeatureSpec.vocabulary(column.name(), ids, id,
        policy != null && policy.isError() ? NullPolicy.ERROR : NullPolicy.OOV);
  }

  private static FeatureSpec numericFeature(QueryColumn column, QueryStatistics.Feature stat,
      NullPolicies.Policy policy, int id) {
    if (!(stat.max() > stat.min())) {
      throw refuse("column '%s' has the same value (%s) in every training row, so it carries nothing to learn; "
          + "leave it out of the SELECT", column.name(), QueryStatistics.format(stat.min()));
    }
    if (policy != null && policy.isOov()) {
      throw refuse("null_policy 'oov' does not fit column '%s', a numeric feature; its NULLs can be 'mean' (the "
          + "default), a number or 'error'", column.name());
    }
    NullPolicy nulls = NullPolicy.ERROR;
    if (policy == null || !policy.isError()) {
      double value = policy == null || policy.isMean() ? stat.mean() : policy.value();
      nulls = NullPolicy.defaultValue((value - stat.min()) / (stat.max() - stat.min()));
    }
    return FeatureSpec.numeric(column.name(), id, stat.min(), stat.max(), nulls);
  }

  private static void checkPolicyColumns(TrainingQuery query, NullPolicies policies) {
    Set<String> names = new HashSet<>();
    query.features().forEach(c -> names.add(c.name().toLowerCase(Locale.ROOT)));
    for (String column : policies.columns()) {
      if (!names.contains(column)) {
        throw refuse("null_policy names column '%s', which is not a feature; the features are %s", column,
            String.join(", ", query.features().stream().map(QueryColumn::name).toList()));
      }
    }
  }

  private static SqlscoreException refuse(String format, Object... args) {
    return SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, format, args);
  }
}
