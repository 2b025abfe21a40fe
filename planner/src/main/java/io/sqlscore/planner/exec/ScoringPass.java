package io.sqlscore.planner.exec;

import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.BatchRunner.RangeWork;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.PendingForward;
import io.sqlscore.udf.encode.FeatureEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One forward pass over each batch of an {@link ArrowPredictReader}: encodes the feature
 * columns, runs the model and fills the pass's output columns. A CPU model is run on slices of
 * {@link #SLICE_ROWS} rows that the scoring threads pull one at a time
 * ({@link BatchRunner#mapSlices}), each thread encoding and scoring its slice, with a
 * cancellation check before each: so encoding runs on all scoring threads, a thread slowed by
 * other work on its core does not hold the batch up, a cancelled statement stops quickly even
 * while a large batch is being scored, and a bad value is reported at the first slice that has
 * one. A slice's optional outputs, read only by {@link OutputColumn#collect}, are written over by
 * the thread's next slice. A model that {@link CompiledModel#prefersWholeBatches() prefers whole
 * batches} (the GPU) gets the batch in one call, which takes milliseconds.
 *
 * <p>A pass that {@link #pipelines} is started in {@link #start} and completed in
 * {@link #finish}, so that the reader can read and start the next batch in between (see
 * {@link ArrowPredictReader}): a GPU model that scores in the background is submitted the encoded
 * batch; a CPU pass asked for scores only has its slices scored on pool threads
 * ({@link BatchRunner#submitSlices}).
 */
public final class ScoringPass {
  /** The most rows scored between two cancellation checks. */
  static final int SLICE_ROWS = 256;

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

  /**
   * Whether the pass scores in the background, so that a reader gains by starting its next
   * batch early: a GPU model that scores in the background, or a CPU pass asked for scores only
   * (whose output columns collect nothing while the slices are scored).
   */
  boolean pipelines() {
    return model.prefersWholeBatches() ? model.scoresInBackground() : wanted.isNone();
  }

  /**
   * Scores the rows of {@code batch} (whose first row is row {@code firstRow} of the query) and
   * fills the vectors of {@code out} starting at {@code firstOutput}.
   */
  void score(VectorSchemaRoot batch, long firstRow, VectorSchemaRoot out, int firstOutput) {
    try (Started started = start(batch, firstRow)) {
      finish(started, batch, out, firstOutput);
    }
  }

  /**
   * Begins {@code batch} (whose first row is row {@code firstRow} of the query): for a model
   * that scores whole batches, encodes it; where the pass {@link #pipelines}, submits it, to be
   * scored while the caller goes on (a CPU pass's slices then read the batch's columns until
   * {@link Started#await}). {@link #finish} completes the batch. The result must be closed.
   */
  Started start(VectorSchemaRoot batch, long firstRow) {
    if (!model.prefersWholeBatches()) {
      if (!pipelines()) {
        return new Started(null, null, firstRow);
      }
      checkCancelled.run();
      return new Started(null,
          runner.submitSlices(batch.getRowCount(), SLICE_ROWS, threads, sliceWorkers(features(batch), firstRow)),
          firstRow);
    }
    FeatureBatch encoded = encoder.encode(features(batch), columnNames, firstRow);
    if (!pipelines()) {
      return new Started(encoded, null, firstRow);
    }
    checkCancelled.run();
    return new Started(encoded, model.submit(encoded, wanted), firstRow);
  }

  /**
   * Completes a batch begun by {@link #start}: scores it (or collects its submitted pass), has
   * the output columns collect what they need, and fills the vectors of {@code out} from
   * {@code firstOutput} on; {@code batch} holds the same rows as at the start.
   */
  void finish(Started started, VectorSchemaRoot batch, VectorSchemaRoot out, int firstOutput) {
    List<FieldVector> features = features(batch);
    int rows = batch.getRowCount();
    for (OutputColumn output : outputs) {
      output.begin(rows, features);
    }
    ForwardResult result;
    if (!model.prefersWholeBatches()) {
      // A CPU pass: submitted (scores only, its columns collect nothing), or scored here slice by
      // slice, its columns collecting from each slice.
      result = started.pending != null
          ? started.await()
          : ForwardResult.concat(runner.mapSlices(rows, SLICE_ROWS, threads, sliceWorkers(features, started.firstRow)));
    } else {
      ForwardResult whole;
      if (started.pending != null) {
        whole = started.await();
      } else {
        checkCancelled.run();
        whole = runner.forward(model, started.encoded, wanted, threads);
      }
      runner.map(rows, threads, (from, to) -> {
        for (OutputColumn output : outputs) {
          output.collect(whole, 0, from, to);
        }
        return to - from;
      });
      result = whole.scoresOnly();
    }
    for (int o = 0; o < outputs.size(); o++) {
      outputs.get(o).write(out.getVector(firstOutput + o), result);
    }
  }

  /**
   * Workers that encode and score slices of {@code features} (whose row 0 is row
   * {@code firstRow} of the query), each reusing its previous slice's optional outputs.
   */
  private Supplier<RangeWork<ForwardResult>> sliceWorkers(List<FieldVector> features, long firstRow) {
    return () -> new RangeWork<ForwardResult>() {
      private ForwardResult spent;

      @Override
      public ForwardResult apply(int from, int to) {
        checkCancelled.run();
        ForwardResult part = model.forward(encoder.encode(features, columnNames, firstRow, from, to), wanted, spent);
        for (OutputColumn output : outputs) {
          output.collect(part, from, 0, part.rows());
        }
        spent = part;
        return part.scoresOnly();
      }
    };
  }

  private List<FieldVector> features(VectorSchemaRoot batch) {
    List<FieldVector> features = new ArrayList<>(featureColumns.size());
    for (int column : featureColumns) {
      features.add(batch.getVector(column));
    }
    return features;
  }

  /**
   * A batch between {@link #start} and {@link #finish}: the query row of its first row, its
   * encoded rows for a model that scores whole batches (a CPU model encodes slice by slice in
   * {@link #finish}) and, when submitted, its pass.
   */
  static final class Started implements AutoCloseable {
    private final FeatureBatch encoded;
    private final PendingForward pending;
    private final long firstRow;
    private ForwardResult awaited;

    private Started(FeatureBatch encoded, PendingForward pending, long firstRow) {
      this.encoded = encoded;
      this.pending = pending;
      this.firstRow = firstRow;
    }

    /**
     * Waits for a submitted pass (which reads the batch's columns until it is done) and returns
     * its result, the same on every call; null when nothing was submitted.
     */
    ForwardResult await() {
      if (awaited == null && pending != null) {
        awaited = pending.await();
      }
      return awaited;
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
