package io.sqlscore.planner.engine;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelKind;
import io.sqlscore.planner.parse.SqlTrainModel;
import io.sqlscore.planner.training.ModelTrainer;
import io.sqlscore.planner.training.ReadHooks;
import io.sqlscore.planner.training.SqlTrainingOptions;
import io.sqlscore.planner.training.TrainingOutcome;
import io.sqlscore.planner.training.TrainingPlan;
import io.sqlscore.planner.training.TrainingSnapshot;
import io.sqlscore.registry.ImportResult;
import io.sqlscore.registry.ModelRegistry;
import io.sqlscore.registry.TrainingRuns;
import io.sqlscore.train.EpochStats;
import io.sqlscore.train.Hyperparameters;
import io.sqlscore.train.TrainOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code CREATE MODEL name USING kind (...) AS query WITH (...)}: plans the training (every
 * refusal of bad input comes before training starts), records the run in
 * {@code sqlscore.training_runs}, trains, and stores the result as the model's next version
 * with its metrics, provenance and global explanation. A cancelled or failed run creates no
 * version and is marked so.
 */
final class TrainModelSql implements PreparedSql {
  private final SqlTrainModel statement;

  TrainModelSql(SqlTrainModel statement) {
    this.statement = statement;
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    long start = System.nanoTime();
    Session session = context.session();
    String who = System.getProperty("user.name", "unknown");
    String name = statement.name();
    ModelKind kind = ModelKind.fromConfigName(statement.kind()).orElseThrow(() -> SqlscoreException.of(
        ErrorCode.INVALID_ARGUMENT, "unknown model kind '%s' in CREATE MODEL %s USING ...; the kinds are %s",
        statement.kind(), name, String.join(", ", Arrays.stream(ModelKind.values()).map(ModelKind::configName)
            .toList())));
    Map<String, String> hyperparameters = statement.hyperparameters();
    Hyperparameters.resolve(kind, 1, 1, hyperparameters);
    TrainOptions options = TrainOptions.parse(statement.options());
    SqlTrainingOptions sqlOptions = SqlTrainingOptions.from(options.extra());
    ModelRegistry.ImportOptions importOptions = new ModelRegistry.ImportOptions(sqlOptions.description(),
        sqlOptions.alias(), ModelRegistry.Binding.NAME, who);
    ModelRegistry.checkNames(name, importOptions);
    refuseScoring(statement.queryText(), "query");
    if (sqlOptions.testQuery() != null) {
      refuseScoring(sqlOptions.testQuery(), "test query");
    }
    ReadHooks hooks = new ReadHooks(context.query()::register, context.query()::unregister);
    try (TrainingSnapshot snapshot = TrainingSnapshot.open(session.duck(), hooks);
        BufferAllocator allocator = session.engine().memory().newChild("training " + name)) {
      TrainingPlan plan = plan(snapshot, context, kind, hyperparameters, options, sqlOptions);
      ModelTrainer trainer = new ModelTrainer(plan, snapshot, allocator, session.engine().runner(),
          session.settings().batchSize(), sqlOptions.memoryBudget().orElse(session.settings().trainingMemory()));
      TrainingRuns runs = session.registry().trainingRuns();
      long run = runs.start(name, who, trainer.dataDescription());
      try {
        TrainingOutcome outcome = trainer.train("training run " + run, epochs(session, runs, run, options),
            context.query()::isCancelled, start);
        context.query().checkCancelled();
        ImportResult result = session.registry().importPackage(name, outcome.pkg(), importOptions,
            outcome.explanation(), new ModelRegistry.Training(run, outcome.explainedRows(), outcome.explainedWhat()));
        return result(context, result, run, outcome);
      } catch (RuntimeException e) {
        throw ended(runs, run, context.query(), e);
      }
    }
  }

  private TrainingPlan plan(TrainingSnapshot snapshot, ExecutionContext context, ModelKind kind,
      Map<String, String> hyperparameters, TrainOptions options, SqlTrainingOptions sqlOptions) {
    try {
      return TrainingPlan.prepare(snapshot, statement.name(), statement.queryText(), kind, hyperparameters, options,
          sqlOptions);
    } catch (SqlscoreException e) {
      context.query().checkCancelled();
      throw e;
    }
  }

  private static void refuseScoring(String query, String what) {
    if (ScoringSyntax.mentionedIn(query)) {
      throw SqlscoreException.of(ErrorCode.NOT_SUPPORTED,
          "the %s of CREATE MODEL ... AS cannot call PREDICT or EXPLAIN_PREDICT (DuckDB reads it directly); store the "
              + "scores first with CREATE TABLE ... AS SELECT ..., PREDICT(...) and train on that table", what);
    }
  }

  /** Records each epoch in training_runs and tells the session's listener. */
  private Consumer<EpochStats> epochs(Session session, TrainingRuns runs, long run, TrainOptions options) {
    Consumer<TrainingEpoch> listener = session.trainingListener();
    return stats -> {
      runs.epoch(run, new TrainingRuns.Epoch(stats.epoch() + 1, stats.trainLoss(), stats.metricName(),
          stats.validationMetric(), stats.best(), stats.rowsPerSecond(), stats.seconds(), stats.etaSeconds()));
      listener.accept(new TrainingEpoch(statement.name(), run, options.epochs(), stats));
    };
  }

  /** Marks the run cancelled or failed and returns the error to report. */
  private RuntimeException ended(TrainingRuns runs, long run, QueryContext query, RuntimeException e) {
    boolean cancelled = query.isCancelled()
        || e instanceof SqlscoreException && ((SqlscoreException) e).code() == ErrorCode.QUERY_CANCELED;
    RuntimeException reported = e;
    if (cancelled) {
      try {
        query.checkCancelled();
      } catch (SqlscoreException cancellation) {
        reported = new SqlscoreException(cancellation.code(), String.format(
            "training of model %s (run %d in sqlscore.training_runs) was stopped: %s; no version was created",
            statement.name(), run, cancellation.detail()), e);
      }
    }
    String detail = reported instanceof SqlscoreException ? ((SqlscoreException) reported).detail() : e.toString();
    try {
      runs.end(run, cancelled ? TrainingRuns.State.CANCELLED : TrainingRuns.State.FAILED, detail);
    } catch (RuntimeException recording) {
      reported.addSuppressed(recording);
    }
    return reported;
  }

  private static StatementResult result(ExecutionContext context, ImportResult result, long run,
      TrainingOutcome outcome) {
    String status = result.created()
        ? "created"
        : "unchanged: the trained package is identical to version " + result.version() + "; nothing was stored";
    int best = outcome.trained().bestEpoch();
    String metric = outcome.trained().history().isEmpty() ? null : outcome.trained().history().get(0).metricName();
    double value = outcome.trained().validationMetric();
    return RowsResult.of(context, List.of(new RowsResult.Column("model", "VARCHAR"),
        new RowsResult.Column("version", "BIGINT"), new RowsResult.Column("status", "VARCHAR"),
        new RowsResult.Column("run_id", "BIGINT"), new RowsResult.Column("epochs", "INTEGER"),
        new RowsResult.Column("best_epoch", "INTEGER"), new RowsResult.Column("metric", "VARCHAR"),
        new RowsResult.Column("validation_metric", "DOUBLE"), new RowsResult.Column("sha256", "VARCHAR")),
        List.of(Arrays.asList(result.model(), result.version(), status, run, outcome.trained().history().size(),
            best + 1, metric, Double.isFinite(value) ? value : null, result.sha256())));
  }
}
