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
 * passes every input column through (without copying) and appends the outputs of its scoring
 * passes. Nothing is scored before the first batch is asked for; each batch's memory is
 * released when the next one is loaded; cancellation is checked between batches. Input columns
 * that are dictionary-encoded (DuckDB's ENUMs) pass with their dictionaries
 * ({@link DictionaryRelay}).
 */
public final class ArrowPredictReader extends ArrowReader {
  private final ArrowReader input;
  private final List<ScoringPass> passes;
  /** The output columns of all passes, in order: output {@code i} has dictionary id {@code firstOutputDictionary + i}. */
  private final List<OutputColumn> outputs;
  private final Runnable checkCancelled;
  private final Consumer<SqlscoreException> failures;
  private final LongConsumer rowsScored;
  private long firstRow;
  private boolean started;
  /** The dictionary id of the first output column, above the input's ids. */
  private long firstOutputDictionary;

  /**
   * Creates the reader; {@code checkCancelled} throws if the statement was cancelled,
   * {@code failures} records an error before it is thrown into DuckDB, and {@code rowsScored}
   * hears the row count of every batch scored.
   */
  public ArrowPredictReader(ArrowReader input, BufferAllocator allocator, List<ScoringPass> passes,
      Runnable checkCancelled, Consumer<SqlscoreException> failures, LongConsumer rowsScored) {
    super(allocator);
    this.input = input;
    this.passes = List.copyOf(passes);
    this.outputs = passes.stream().flatMap(pass -> pass.outputs().stream()).toList();
    this.checkCancelled = checkCancelled;
    this.failures = failures;
    this.rowsScored = rowsScored;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    try {
      checkCancelled.run();
      if (!input.loadNextBatch()) {
        return false;
      }
      VectorSchemaRoot in = input.getVectorSchemaRoot();
      VectorSchemaRoot out = getVectorSchemaRoot();
      int inputColumns = in.getFieldVectors().size();
      for (int c = 0; c < inputColumns; c++) {
        TransferPair pair = in.getVector(c).makeTransferPair(out.getVector(c));
        pair.transfer();
      }
      DictionaryRelay.share(input, this);
      int rows = in.getRowCount();
      out.setRowCount(rows);
      if (!started) {
        passes.forEach(pass -> pass.checkTypes(out));
        fillOutputDictionaries();
        started = true;
      }
      int firstOutput = inputColumns;
      for (ScoringPass pass : passes) {
        pass.score(out, firstRow, firstOutput);
        firstOutput += pass.outputs().size();
      }
      out.setRowCount(rows);
      firstRow += rows;
      rowsScored.accept(rows);
      return true;
    } catch (SqlscoreException e) {
      failures.accept(e);
      throw e;
    } catch (RuntimeException | Error e) {
      // DuckDB reports only that our stream failed; record what did, an Error included.
      SqlscoreException recorded = e instanceof OutOfMemoryError
          ? new SqlscoreException(ErrorCode.OUT_OF_MEMORY, "scoring ran out of memory (" + e.getMessage()
              + "); give the JVM more with -Xmx, or lower batch_size or scoring_threads", e)
          : new SqlscoreException(ErrorCode.INTERNAL_ERROR, "scoring failed: " + e
              + ". This is a bug in sqlscore; please report it.", e);
      failures.accept(recorded);
      throw recorded;
    }
  }

  @Override
  protected Schema readSchema() throws IOException {
    List<Field> fields = DictionaryRelay.declared(input);
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

  @Override
  protected void closeReadSource() {
    // The input belongs to the caller.
  }
}
