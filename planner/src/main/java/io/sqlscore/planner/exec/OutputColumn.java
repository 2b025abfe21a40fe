package io.sqlscore.planner.exec;

import io.sqlscore.udf.ForwardResult;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** One model output appended to each scored batch as an Arrow column. */
interface OutputColumn {
  /** The column's Arrow field (name and type). */
  Field field();

  /**
   * Fills {@code vector} for one batch from the forward pass of its invocation.
   *
   * @param vector the column to fill (already cleared)
   * @param result the forward pass over the batch
   * @param features the batch's feature columns, in feature order
   */
  void write(FieldVector vector, ForwardResult result, List<FieldVector> features);
}
