package io.sqlscore.flink;

import io.sqlscore.udf.encode.ValueRows;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

/**
 * A batch of the rows Flink passes to a predict function, read column by column in feature order:
 * for the feature encoder straight from Flink's internal data structures (a string's UTF-8 bytes,
 * numbers without boxing), and as Java values for the text of explanations. {@link #of} points it
 * at a batch; not thread-safe.
 */
final class InputRows implements ValueRows {
  private final LogicalTypeRoot[] roots;
  private final int[] precisions;
  private final int[] scales;
  private final RowData.FieldGetter[] getters;
  private RowData[] rows = new RowData[0];

  /** Rows whose INPUT columns have the types {@code types}, in feature order. */
  InputRows(LogicalType[] types) {
    roots = new LogicalTypeRoot[types.length];
    precisions = new int[types.length];
    scales = new int[types.length];
    getters = new RowData.FieldGetter[types.length];
    for (int c = 0; c < types.length; c++) {
      roots[c] = types[c].getTypeRoot();
      if (types[c] instanceof DecimalType) {
        precisions[c] = ((DecimalType) types[c]).getPrecision();
        scales[c] = ((DecimalType) types[c]).getScale();
      }
      getters[c] = RowData.createFieldGetter(types[c], c);
    }
  }

  /** Reads {@code batch} from now on. */
  InputRows of(RowData[] batch) {
    rows = batch;
    return this;
  }

  @Override
  public int size() {
    return rows.length;
  }

  @Override
  public boolean isNull(int row, int column) {
    return rows[row].isNullAt(column);
  }

  @Override
  public long integer(int row, int column) {
    RowData data = rows[row];
    switch (roots[column]) {
      case TINYINT:
        return data.getByte(column);
      case SMALLINT:
        return data.getShort(column);
      case INTEGER:
        return data.getInt(column);
      default:
        return data.getLong(column);
    }
  }

  @Override
  public double number(int row, int column) {
    RowData data = rows[row];
    switch (roots[column]) {
      case FLOAT:
        return data.getFloat(column);
      case DOUBLE:
        return data.getDouble(column);
      default:
        return data.getDecimal(column, precisions[column], scales[column]).toBigDecimal().doubleValue();
    }
  }

  @Override
  public boolean bool(int row, int column) {
    return rows[row].getBoolean(column);
  }

  @Override
  public byte[] utf8(int row, int column) {
    return rows[row].getString(column).toBytes();
  }

  /** Row {@code row}'s INPUT values as Java values (strings, BigDecimals, boxed numbers), in feature order. */
  Object[] values(int row) {
    Object[] values = new Object[getters.length];
    for (int c = 0; c < values.length; c++) {
      Object value = getters[c].getFieldOrNull(rows[row]);
      if (value instanceof StringData) {
        value = value.toString();
      } else if (value instanceof DecimalData) {
        value = ((DecimalData) value).toBigDecimal();
      }
      values[c] = value;
    }
    return values;
  }
}
