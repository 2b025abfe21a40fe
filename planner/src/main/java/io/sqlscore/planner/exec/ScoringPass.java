package io.sqlscore.planner.exec;

import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.PendingForward;
import io.sqlscore.udf.encode.FeatureEncoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One forward pass over each batch of an {@link ArrowPredictReader}: encodes the feature
 * columns, runs the model and fills the pass's output columns. A CPU model splits the batch
 * into one contiguous range per scoring thread, and each thread scores its range in slices of
 * at most {@link #SLICE_ROWS} rows with a cancellation check between them, so that a cancelled
 * statement stops quickly even while a large batch is being scored; a slice's optional outputs,
 * read only by {@link OutputColumn#collect}, are written over by the thread's next slice. A
 * model that {@link CompiledModel#prefersWholeBatches() prefers whole batches} (the GPU) gets the
 * batch in one call, which takes milliseconds; one that also
 * {@link CompiledModel#scoresInBackground() scores in the background} is submitted the batch in
 * {@link #start} and collected in {@link #finish}, so that the reader can start the next batch
 * in between (see {@link ArrowPredictReader}).
 */
public final class ScoringPass {
  /** The most rows scored between two cancellation checks. */
  static final int SLICE_ROWS = 512;

  private final CompiledModel model;
  private final FeatureEncoder encoder;
  private final BatchRunner runner;
  private final int threads;
  private final List<Integer> featureColumns;
  private final List<String> columnNames;
  private final List<OutputColumn> outputs;
  private final Outputs wanted;
  private final Runnable checkCancelled;

  ScoringPass(CompiledModel model, FeatureEncoder encoder, BatchRunner runner, int threads,
      List<Integer> featureColumns, List<String> columnNames, List<OutputColumn> outputs, Outputs wanted,
      Runnable checkCancelled) {
    this.model = model;
    this.encoder = encoder;
    this.runner = runner;
    this.threads = threads;
    this.featureColumns = featureColumns;
    this.columnNames = columnNames;
    this.outputs = outputs;
    this.wanted = wanted;
    this.checkCancelled = checkCancelled;
  }

  List<OutputColumn> outputs() {
    return outputs;
  }

  /** Checks once that the input columns have types the features accept. */
  void checkTypes(VectorSchemaRoot batch) {
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    for (int column : featureColumns) {
      fields.add(batch.getVector(column).getField());
    }
    encoder.checkTypes(fields, columnNames);
  }

  /** Whether the model scores in the background, so that a reader gains by starting its next batch early. */
  boolean pipelines() {
    return model.prefersWholeBatches() && model.scoresInBackground();
  }

  /**
   * Scores the rows of {@code batch} (whose first row is row {@code firstRow} of the query) and
   * fills the output vectors starting at {@code firstOutput}.
   */
  void score(VectorSchemaRoot batch, long firstRow, int firstOutput) {
    try (Started started = start(batch, firstRow)) {
      finish(started, batch, firstOutput);
    }
  }

  /**
   * Encodes the feature columns of {@code batch} (whose first row is row {@code firstRow} of the
   * query) and, where the pass {@link #pipelines}, submits them to the model, which scores them
   * while the caller goes on; {@link #finish} completes the batch. The result must be closed.
   */
  Started start(VectorSchemaRoot batch, long firstRow) {
    FeatureBatch encoded = encoder.encode(features(batch), columnNames, firstRow);
    if (!pipelines()) {
      return new Started(encoded, null);
    }
    checkCancelled.run();
    return new Started(encoded, model.submit(encoded, wanted));
  }

  /**
   * Completes a batch begun by {@link #start}: scores it (or collects its submitted pass), has
   * the output columns collect what they need, and fills the output vectors of {@code batch},
   * which holds the same rows as at the start, from {@code firstOutput} on.
   */
  void finish(Started started, VectorSchemaRoot batch, int firstOutput) {
    List<FieldVector> features = features(batch);
    FeatureBatch encoded = started.encoded;
    for (OutputColumn output : outputs) {
      output.begin(encoded.rows(), features);
    }
    ForwardResult result;
    if (model.prefersWholeBatches()) {
      ForwardResult whole;
      if (started.pending != null) {
        whole = started.pending.await();
      } else {
        checkCancelled.run();
        whole = runner.forward(model, encoded, wanted, threads);
      }
      runner.map(encoded.rows(), threads, (from, to) -> {
        for (OutputColumn output : outputs) {
          output.collect(whole, 0, from, to);
        }
        return to - from;
      });
      result = whole.scoresOnly();
    } else {
      List<ForwardResult> parts = new ArrayList<>();
      runner.map(encoded.rows(), threads, (from, to) -> {
        List<ForwardResult> range = new ArrayList<>();
        ForwardResult spent = null;
        for (int start = from; start < to; start += SLICE_ROWS) {
          checkCancelled.run();
          ForwardResult part = model.forward(encoded.slice(start, Math.min(to, start + SLICE_ROWS)), wanted, spent);
          for (OutputColumn output : outputs) {
            output.collect(part, start, 0, part.rows());
          }
          range.add(part.scoresOnly());
          spent = part;
        }
        return range;
      }).forEach(parts::addAll);
      result = ForwardResult.concat(parts);
    }
    for (int o = 0; o < outputs.size(); o++) {
      outputs.get(o).write(batch.getVector(firstOutput + o), result);
    }
  }

  private List<FieldVector> features(VectorSchemaRoot batch) {
    List<FieldVector> features = new ArrayList<>(featureColumns.size());
    for (int column : featureColumns) {
      features.add(batch.getVector(column));
    }
    return features;
  }

  /** A batch between {@link #start} and {@link #finish}: its encoded rows and, when submitted, its pass. */
  static final class Started implements AutoCloseable {
    private final FeatureBatch encoded;
    private final PendingForward pending;

    private Started(FeatureBatch encoded, PendingForward pending) {
      this.encoded = encoded;
      this.pending = pending;
    }

    /** Drops a submitted pass that was not collected (waiting for it to stop). */
    @Override
    public void close() {
      if (pending != null) {
        pending.close();
      }
    }
  }
}
