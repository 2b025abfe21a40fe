package io.sqlscore.planner.exec;

import io.sqlscore.arrow.DictionaryRelay;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The ArrowPredict operator at run time: an Arrow reader over the batches of its input that
 * passes the input columns its consumer reads through (without copying) and appends the outputs
 * of its scoring passes; the other input columns (read only as features) stay behind. Nothing is
 * scored before the first batch is asked for; each batch's memory is released when the next one
 * is loaded; cancellation is checked between batches. Input columns
 * that are dictionary-encoded (DuckDB's ENUMs) pass with their dictionaries
 * ({@link DictionaryRelay}).
 *
 * <p>When a pass {@link ScoringPass#pipelines pipelines} (a GPU model scoring in the
 * background, or a CPU model asked for scores only), the reader works one batch ahead: before
 * batch i is completed and handed out, batch i+1 is read and started (queued on the GPU, or its
 * slices queued for the scoring threads), so it is scored while the reader waits for batch i and
 * while the consumer (DuckDB) takes batch i, and the scoring threads never wait at a batch's
 * end. Batches i and i+1 wait in two roots of their own, used in turn, so batch i's columns stay
 * where its scoring reads them until it is done; an error found while starting batch i+1 is
 * thrown when it would have been read, as without the look-ahead.
 */
public final class ArrowPredictReader extends ArrowReader {
  private final ArrowReader input;
  /** The input columns handed on, as indexes into the input's columns, in output order. */
  private final List<Integer> passed;
  private final List<ScoringPass> passes;
  /** The output columns of all passes, in order: output {@code i} has dictionary id {@code firstOutputDictionary + i}. */
  private final List<OutputColumn> outputs;
  private final Runnable checkCancelled;
  private final Consumer<SqlscoreException> failures;
  private final LongConsumer rowsScored;
  private final boolean lookAhead;
  private long firstRow;
  private boolean started;
  /** The dictionary id of the first output column, above the input's ids. */
  private long firstOutputDictionary;
  /** With look-ahead: the two roots the next batches are read into in turn. */
  private VectorSchemaRoot[] aheadRoots;
  /** With look-ahead: the root holding the next batch (null when the input is done), its started passes, or the error starting it. */
  private VectorSchemaRoot ahead;
  private List<ScoringPass.Started> aheadPasses = new ArrayList<>();
  private SqlscoreException aheadError;

  /**
   * Creates the reader, handing on the input columns {@code passed} (indexes into the input's
   * columns); {@code checkCancelled} throws if the statement was cancelled, {@code failures}
   * records an error before it is thrown into DuckDB, and {@code rowsScored} hears the row count
   * of every batch scored.
   */
  public ArrowPredictReader(ArrowReader input, BufferAllocator allocator, List<Integer> passed,
      List<ScoringPass> passes, Runnable checkCancelled, Consumer<SqlscoreException> failures,
      LongConsumer rowsScored) {
    super(allocator);
    this.input = input;
    this.passed = List.copyOf(passed);
    this.passes = List.copyOf(passes);
    this.outputs = passes.stream().flatMap(pass -> pass.outputs().stream()).toList();
    this.checkCancelled = checkCancelled;
    this.failures = failures;
    this.rowsScored = rowsScored;
    this.lookAhead = passes.stream().anyMatch(ScoringPass::pipelines);
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    try {
      checkCancelled.run();
      return lookAhead ? loadAhead() : loadInPlace();
    } catch (SqlscoreException e) {
      dropAhead();
      failures.accept(e);
      throw e;
    } catch (RuntimeException | Error e) {
      dropAhead();
      // DuckDB reports only that our stream failed; record what did, an Error included.
      SqlscoreException recorded = e instanceof OutOfMemoryError
          ? new SqlscoreException(ErrorCode.OUT_OF_MEMORY, "scoring ran out of memory (" + e.getMessage()
              + "); give the JVM more with -Xmx, or lower batch_size or scoring_threads", e)
          : new SqlscoreException(ErrorCode.INTERNAL_ERROR, "scoring failed: " + e
              + ". This is a bug in sqlscore; please report it.", e);
      failures.accept(recorded);
      throw recorded;
    } catch (IOException e) {
      dropAhead();
      throw e;
    }
  }

  /** Reads, scores and hands out one batch. */
  private boolean loadInPlace() throws IOException {
    if (!input.loadNextBatch()) {
      return false;
    }
    VectorSchemaRoot batch = input.getVectorSchemaRoot();
    VectorSchemaRoot out = getVectorSchemaRoot();
    int rows = batch.getRowCount();
    begin(batch);
    int firstOutput = passed.size();
    for (ScoringPass pass : passes) {
      pass.score(batch, firstRow, out, firstOutput);
      firstOutput += pass.outputs().size();
    }
    transferPassed(batch, out);
    DictionaryRelay.share(input, this);
    out.setRowCount(rows);
    firstRow += rows;
    rowsScored.accept(rows);
    return true;
  }

  /**
   * Hands out the batch started by the previous call (reading and starting the first one on the
   * first call), after reading and starting the one after it.
   */
  private boolean loadAhead() throws IOException {
    VectorSchemaRoot out = getVectorSchemaRoot();
    if (aheadRoots == null) {
      Schema schema = input.getVectorSchemaRoot().getSchema();
      aheadRoots = new VectorSchemaRoot[] {
        VectorSchemaRoot.create(schema, allocator), VectorSchemaRoot.create(schema, allocator)};
      readAhead(aheadRoots[0]);
    }
    if (aheadError != null) {
      throw aheadError;
    }
    VectorSchemaRoot current = ahead;
    if (current == null) {
      return false;
    }
    List<ScoringPass.Started> currentPasses = aheadPasses;
    aheadPasses = new ArrayList<>();
    int rows;
    try {
      readAhead(current == aheadRoots[0] ? aheadRoots[1] : aheadRoots[0]);
      currentPasses.forEach(ScoringPass.Started::await);
      rows = current.getRowCount();
      int firstOutput = passed.size();
      for (int p = 0; p < passes.size(); p++) {
        passes.get(p).finish(currentPasses.get(p), current, out, firstOutput);
        firstOutput += passes.get(p).outputs().size();
      }
      transferPassed(current, out);
      DictionaryRelay.share(input, this);
    } finally {
      currentPasses.forEach(ScoringPass.Started::close);
    }
    out.setRowCount(rows);
    rowsScored.accept(rows);
    return true;
  }

  /**
   * Reads the next input batch into {@code root} and starts every pass on it, making it the
   * {@link #ahead} batch (none when the input is done); an error doing so is kept for the call
   * that would hand the batch out.
   */
  private void readAhead(VectorSchemaRoot root) throws IOException {
    if (!input.loadNextBatch()) {
      ahead = null;
      return;
    }
    int rows = transfer(input.getVectorSchemaRoot(), root);
    ahead = root;
    try {
      begin(root);
      for (ScoringPass pass : passes) {
        aheadPasses.add(pass.start(root, firstRow));
      }
    } catch (SqlscoreException e) {
      aheadError = e;
    }
    firstRow += rows;
  }

  /** Moves the passed columns of {@code batch} into the first columns of {@code out}. */
  private void transferPassed(VectorSchemaRoot batch, VectorSchemaRoot out) {
    for (int c = 0; c < passed.size(); c++) {
      batch.getVector(passed.get(c)).makeTransferPair(out.getVector(c)).transfer();
    }
  }

  /** Moves the columns of {@code from} into the first columns of {@code to}; returns the row count. */
  private static int transfer(VectorSchemaRoot from, VectorSchemaRoot to) {
    int rows = from.getRowCount();
    int columns = from.getFieldVectors().size();
    for (int c = 0; c < columns; c++) {
      TransferPair pair = from.getVector(c).makeTransferPair(to.getVector(c));
      pair.transfer();
    }
    to.setRowCount(rows);
    return rows;
  }

  /** On the first batch: checks the input column types and fills the output dictionaries. */
  private void begin(VectorSchemaRoot batch) {
    if (!started) {
      passes.forEach(pass -> pass.checkTypes(batch));
      fillOutputDictionaries();
      started = true;
    }
  }

  /** Drops the batch read ahead: its submitted passes (waiting for them) and the roots. */
  private void dropAhead() {
    aheadPasses.forEach(ScoringPass.Started::close);
    aheadPasses = new ArrayList<>();
    ahead = null;
    if (aheadRoots != null) {
      for (VectorSchemaRoot root : aheadRoots) {
        root.close();
      }
      aheadRoots = new VectorSchemaRoot[0];
    }
  }

  @Override
  protected Schema readSchema() throws IOException {
    List<Field> declared = DictionaryRelay.declared(input);
    List<Field> fields = new ArrayList<>();
    for (int column : passed) {
      fields.add(declared.get(column));
    }
    firstOutputDictionary = DictionaryRelay.firstUnusedId(input);
    for (int i = 0; i < outputs.size(); i++) {
      fields.add(outputs.get(i).field(firstOutputDictionary + i));
    }
    return new Schema(fields);
  }

  /** Has each output column fill the dictionary it declared (they stay the same for every batch). */
  private void fillOutputDictionaries() {
    for (int i = 0; i < outputs.size(); i++) {
      Dictionary declared = lookup(firstOutputDictionary + i);
      if (declared != null) {
        outputs.get(i).fillDictionary(declared.getVector());
      }
    }
  }

  @Override
  public long bytesRead() {
    return input.bytesRead();
  }

  /** Drops the batch read ahead, if any; the input belongs to the caller. */
  @Override
  protected void closeReadSource() {
    dropAhead();
  }
}
