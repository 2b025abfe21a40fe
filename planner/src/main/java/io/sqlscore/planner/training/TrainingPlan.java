package io.sqlscore.planner.training;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.Task;
import io.sqlscore.train.TrainOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything about a {@code CREATE MODEL ... AS} statement that is settled before training: the
 * query's columns, its statistics, the inferred features and the model's config, and the test
 * query's columns. Every refusal of bad input happens while planning, before any epoch runs.
 */
public final class TrainingPlan {
  private final TrainingQuery query;
  private final QueryStatistics stats;
  private final boolean[] vocabulary;
  private final ModelConfig config;
  private final TrainOptions options;
  private final SqlTrainingOptions sqlOptions;
  private final TrainingQuery test;
  private final long testRows;

  private TrainingPlan(TrainingQuery query, QueryStatistics stats, boolean[] vocabulary, ModelConfig config,
      TrainOptions options, SqlTrainingOptions sqlOptions, TrainingQuery test, long testRows) {
    this.query = query;
    this.stats = stats;
    this.vocabulary = vocabulary;
    this.config = config;
    this.options = options;
    this.sqlOptions = sqlOptions;
    this.test = test;
    this.testRows = testRows;
  }

  /**
   * Plans training model {@code model} of {@code kind} on the rows of {@code queryText}:
   * describes the query, computes its statistics and vocabularies in DuckDB, checks them and
   * builds the config.
   *
   * @throws SqlscoreException naming the column and what to do for every input that cannot be
   *     trained on (see {@link TrainingQuery}, {@link QueryStatistics}, {@link FeatureSchema})
   */
  public static TrainingPlan prepare(TrainingSnapshot snapshot, String model, String queryText, ModelKind kind,
      Map<String, String> hyperparameters, TrainOptions options, SqlTrainingOptions sqlOptions) {
    List<QueryColumn> columns = describe(snapshot, model, "query", queryText);
    TrainingQuery query = TrainingQuery.of(model, queryText, columns, sqlOptions.labelOrDefault(),
        sqlOptions.label() != null);
    QueryStatistics stats = QueryStatistics.compute(snapshot, query, options.seed(), options.validation());
    Task task = stats.check(sqlOptions.task());
    boolean[] vocabulary = FeatureSchema.vocabulary(query, stats);
    List<TreeMap<String, Long>> vocabularies = Vocabularies.count(snapshot, query, vocabulary, options.seed(),
        options.validation(), sqlOptions.minCount());
    ModelConfig config = FeatureSchema.config(query, stats, vocabulary, vocabularies, sqlOptions, kind, task,
        hyperparameters);
    TrainingQuery test = null;
    long testRows = 0;
    if (sqlOptions.testQuery() != null) {
      test = query.sameColumnsIn(sqlOptions.testQuery(), describe(snapshot, model, "test query",
          sqlOptions.testQuery()), vocabulary);
      testRows = TestRows.check(snapshot, test, task);
    }
    return new TrainingPlan(query, stats, vocabulary, config, options, sqlOptions, test, testRows);
  }

  private static List<QueryColumn> describe(TrainingSnapshot snapshot, String model, String what, String text) {
    try {
      return snapshot.describe(text);
    } catch (SqlscoreException e) {
      throw new SqlscoreException(e.code(),
          String.format("the %s of CREATE MODEL %s fails: %s", what, model, e.detail()), e);
    }
  }

  /** The training query. */
  public TrainingQuery query() {
    return query;
  }

  /** The config of the model to train (features, task, hyperparameters). */
  public ModelConfig config() {
    return config;
  }

  /** The engine's options. */
  public TrainOptions options() {
    return options;
  }

  /** The SQL side's options. */
  public SqlTrainingOptions sqlOptions() {
    return sqlOptions;
  }

  /** Which features are vocabulary features. */
  boolean[] vocabulary() {
    return vocabulary.clone();
  }

  /** All rows of the query. */
  public long rows() {
    return stats.rows();
  }

  /** Rows trained on. */
  public long trainingRows() {
    return stats.trainingRows();
  }

  /** Rows held out for validation. */
  public long validationRows() {
    return stats.validationRows();
  }

  /** The test query with the training query's features and label, or null. */
  TrainingQuery test() {
    return test;
  }

  /** Rows of the test query. */
  long testRows() {
    return testRows;
  }

  /**
   * The identity of the rows trained on: SHA-256 over the columns' names and types, the row
   * count and the sum of the rows' hashes (DuckDB's {@code hash} of every column), so it does not
   * depend on the order of the rows.
   */
  public String contentHash() {
    StringBuilder text = new StringBuilder();
    for (QueryColumn c : query.features()) {
      text.append(c.name()).append(' ').append(c.duckType()).append('\n');
    }
    text.append(query.label().name()).append(' ').append(query.label().duckType()).append('\n');
    text.append(stats.rows()).append('\n').append(stats.contentSum());
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "SHA-256 is not available", e);
    }
  }
}
