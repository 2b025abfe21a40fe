package io.sqlscore.server;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.Text;

/**
 * Statement parameters sent as an Arrow batch (one row a statement execution, one column a
 * {@code ?}), turned into the Java values the planner binds: strings, numbers, booleans, bytes,
 * and {@code java.time} values for dates, times and timestamps.
 */
final class ArrowParameters {
  private ArrowParameters() {}

  /** The values of each row of {@code batch}, in parameter order. */
  static List<List<Object>> rows(VectorSchemaRoot batch) {
    List<List<Object>> rows = new ArrayList<>();
    for (int row = 0; row < batch.getRowCount(); row++) {
      Object[] values = new Object[batch.getFieldVectors().size()];
      for (int c = 0; c < values.length; c++) {
        values[c] = value(batch.getVector(c), row);
      }
      rows.add(Arrays.asList(values));
    }
    return rows;
  }

  /** The Java value of one cell. */
  static Object value(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof DateDayVector) {
      return LocalDate.ofEpochDay(((DateDayVector) vector).get(row));
    }
    if (vector instanceof DateMilliVector) {
      return LocalDate.ofEpochDay(Math.floorDiv(((DateMilliVector) vector).get(row), 86_400_000L));
    }
    if (vector instanceof TimeSecVector) {
      return LocalTime.ofSecondOfDay(((TimeSecVector) vector).get(row));
    }
    if (vector instanceof TimeMilliVector) {
      return LocalTime.ofNanoOfDay(((TimeMilliVector) vector).get(row) * 1_000_000L);
    }
    if (vector instanceof TimeMicroVector) {
      return LocalTime.ofNanoOfDay(((TimeMicroVector) vector).get(row) * 1_000L);
    }
    if (vector instanceof TimeNanoVector) {
      return LocalTime.ofNanoOfDay(((TimeNanoVector) vector).get(row));
    }
    if (vector instanceof TimeStampVector) {
      return timestamp((TimeStampVector) vector, row);
    }
    Object value = vector.getObject(row);
    return value instanceof Text ? value.toString() : value;
  }

  private static Object timestamp(TimeStampVector vector, int row) {
    ArrowType.Timestamp type = (ArrowType.Timestamp) vector.getField().getType();
    long value = vector.get(row);
    long perSecond = switch (type.getUnit()) {
      case SECOND -> 1L;
      case MILLISECOND -> 1_000L;
      case MICROSECOND -> 1_000_000L;
      case NANOSECOND -> 1_000_000_000L;
    };
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(value, perSecond),
        Math.floorMod(value, perSecond) * (1_000_000_000L / perSecond));
    return type.getTimezone() == null
        ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
        : instant.atZone(ZoneId.of(type.getTimezone())).toOffsetDateTime();
  }
}
