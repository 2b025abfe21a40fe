package io.sqlscore.planner.exec;

import io.sqlscore.udf.ForwardResult;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** One model output appended to each scored batch as an Arrow column. */
interface OutputColumn {
  /**
   * The column's Arrow field (name and type), as {@code ArrowReader.readSchema} declares it; a
   * column whose text comes from a fixed set of values declares it dictionary-encoded under id
   * {@code dictionaryId}, unique in the reader.
   */
  Field field(long dictionaryId);

  /** Fills the (empty) dictionary the reader set up for this column's {@link #field id}, if it has one. */
  default void fillDictionary(FieldVector dictionary) {}

  /**
   * Called once per batch, before any {@link #collect}, with the batch's row count and its
   * feature columns (in feature order), which stay readable until {@link #write}.
   */
  default void begin(int rows, List<FieldVector> features) {}

  /**
   * Called from the scoring threads with a forward pass whose row 0 is row {@code partFirstRow}
   * of the batch, for its rows {@code [from, to)}, while the pass's optional outputs are at hand
   * (they are dropped before {@link #write}); keeps what {@code write} needs beyond the scores.
   * Calls for disjoint rows run concurrently.
   */
  default void collect(ForwardResult part, int partFirstRow, int from, int to) {}

  /**
   * Fills {@code vector} for one batch from the forward pass of its invocation.
   *
   * @param vector the column to fill (already cleared)
   * @param result the forward pass over the batch (logits and scores)
   */
  void write(FieldVector vector, ForwardResult result);
}
