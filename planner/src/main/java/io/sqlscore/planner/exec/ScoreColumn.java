package io.sqlscore.planner.exec;

import io.sqlscore.udf.ForwardResult;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** The PREDICT output: the score of each row (DOUBLE, never NULL). */
final class ScoreColumn implements OutputColumn {
  private final Field field;

  ScoreColumn(String name) {
    this.field = new Field(name,
        FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
  }

  @Override
  public Field field(long dictionaryId) {
    return field;
  }

  @Override
  public void write(FieldVector vector, ForwardResult result) {
    double[] scores = result.scores();
    DoubleColumnBuffer.fill((Float8Vector) vector, scores, scores.length);
  }
}
