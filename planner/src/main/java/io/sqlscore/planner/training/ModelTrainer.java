package io.sqlscore.planner.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.Task;
import io.sqlscore.train.EpochStats;
import io.sqlscore.train.InMemoryTrainingData;
import io.sqlscore.train.Metrics;
import io.sqlscore.train.PackageScorer;
import io.sqlscore.train.TrainOptions;
import io.sqlscore.train.Trainer;
import io.sqlscore.train.TrainedModel;
import io.sqlscore.train.TrainingData;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.explain.DatasetExplanation;
import io.sqlscore.udf.explain.GlobalExplanation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Runs a planned training: reads the rows (into memory when their encoded size fits the memory
 * budget, else from DuckDB on every pass), trains with the engine ({@link Trainer}), explains
 * the result on the validation rows and scores the test query, and returns the package to
 * store.
 */
public final class ModelTrainer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TrainingPlan plan;
  private final TrainingSnapshot snapshot;
  private final BufferAllocator allocator;
  private final BatchRunner runner;
  private final int batchRows;
  private final boolean inMemory;
  private final long budget;

  /**
   * A trainer of {@code plan} reading through {@code snapshot} in Arrow batches of
   * {@code batchRows} from {@code allocator}, with the encoded rows in memory when they take at
   * most {@code memoryBudget} bytes; explanations run on {@code runner}.
   */
  public ModelTrainer(TrainingPlan plan, TrainingSnapshot snapshot, BufferAllocator allocator, BatchRunner runner,
      int batchRows, long memoryBudget) {
    this.plan = plan;
    this.snapshot = snapshot;
    this.allocator = allocator;
    this.runner = runner;
    this.batchRows = batchRows;
    this.budget = memoryBudget;
    int fields = plan.config().nfield();
    this.inMemory = InMemoryTrainingData.bytesFor(plan.rows(), fields) <= memoryBudget
        && plan.rows() * fields <= Integer.MAX_VALUE - 8;
  }

  /** How the rows are held, in words (for the run's detail and the version's metrics). */
  public String dataDescription() {
    long bytes = InMemoryTrainingData.bytesFor(plan.rows(), plan.config().nfield());
    return String.format(Locale.ROOT, "%d rows (%d training, %d validation), %s", plan.rows(), plan.trainingRows(),
        plan.validationRows(), inMemory
            ? String.format(Locale.ROOT, "encoded in memory (%s)", size(bytes))
            : String.format(Locale.ROOT, "read from DuckDB on every pass (encoded they take %s, over the memory "
                + "budget of %s)", size(bytes), size(budget)));
  }

  /**
   * Trains, calling {@code listener} after every epoch and checking {@code cancelled} between
   * batches; {@code startNanos} is when the statement started (for the seconds spent).
   *
   * @throws SqlscoreException QUERY_CANCELED when cancelled, or any error of the reads or the
   *     engine
   */
  public TrainingOutcome train(String source, Consumer<EpochStats> listener, BooleanSupplier cancelled,
      long startNanos) {
    ModelConfig config = plan.config();
    TrainOptions options = plan.options();
    String label = plan.query().model() + " (being trained)";
    EncodedReads reads = new EncodedReads(snapshot, plan.query(), plan.vocabulary(), config, allocator, label);
    TrainingData training;
    TrainingData validation;
    if (inMemory) {
      InMemoryTrainingData[] parts = InMemoryRows.read(reads, options.seed(), options.validation(),
          plan.trainingRows(), plan.validationRows(), batchRows);
      training = parts[0];
      validation = parts[1];
    } else {
      training = new StreamedRows(reads, options.seed(), options.validation(), false, plan.trainingRows());
      validation = new StreamedRows(reads, options.seed(), options.validation(), true, plan.validationRows());
    }
    TrainedModel trained = Trainer.train(config, training, validation.rows() > 0 ? validation : null, options,
        listener, cancelled);
    ModelPackage candidate = ModelPackage.of(config.rawJson(), ByteBuffer.wrap(trained.weightsSafetensors()), null,
        null, source);
    boolean onValidation = validation.rows() > 0;
    DatasetExplanation explanation = RowsExplanation.of(candidate, onValidation ? validation : training, runner,
        options.threads());
    ObjectNode metrics = metrics(trained);
    if (plan.test() != null) {
      metrics.set("test", test(candidate, label, options.threads()));
    }
    metrics.set("training", provenance(startNanos));
    ModelPackage pkg = ModelPackage.of(config.rawJson(), ByteBuffer.wrap(trained.weightsSafetensors()),
        metrics.toPrettyString().getBytes(StandardCharsets.UTF_8), null, source);
    return new TrainingOutcome(pkg, trained, explanation.result(GlobalExplanation.TOP_CROSSES), explanation.rows(),
        onValidation ? "the validation rows of the training query" : "the training rows (no validation rows)");
  }

  private ObjectNode test(ModelPackage pkg, String label, int threads) {
    EncodedReads reads = new EncodedReads(snapshot, plan.test(), plan.vocabulary(), plan.config(), allocator, label);
    PackageScorer.Scored scored;
    try (PackageScorer scorer = new PackageScorer(threads)) {
      scored = scorer.score(pkg, StreamedRows.whole(reads, plan.testRows()));
    }
    ObjectNode test = JSON.createObjectNode().put("query", plan.test().text()).put("rows", scored.labels().length);
    if (plan.config().task() == Task.BINARY) {
      putMetric(test, "auc", Metrics.auc(scored.scores(), scored.labels()));
      putMetric(test, "logloss", Metrics.logloss(scored.scores(), scored.labels()));
    } else {
      putMetric(test, "rmse", Metrics.rmse(scored.scores(), scored.labels()));
    }
    return test;
  }

  private static void putMetric(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    }
  }

  private ObjectNode provenance(long startNanos) {
    ObjectNode training = JSON.createObjectNode();
    training.put("query", plan.query().text());
    training.put("label", plan.query().label().name());
    training.put("rows", plan.rows());
    training.put("training_rows", plan.trainingRows());
    training.put("validation_rows", plan.validationRows());
    training.put("content_sha256", plan.contentHash());
    training.put("data", inMemory ? "in memory" : "streamed from DuckDB");
    training.put("seconds", Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0);
    training.set("options", JSON.valueToTree(plan.options().describe(plan.config().kind())));
    return training;
  }

  private static ObjectNode metrics(TrainedModel trained) {
    try {
      return (ObjectNode) JSON.readTree(trained.metricsJson());
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "the engine wrote metrics.json that is not JSON", e);
    }
  }

  private static String size(long bytes) {
    return bytes >= 10_000_000 ? String.format(Locale.ROOT, "%d MB", bytes / 1_000_000)
        : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
