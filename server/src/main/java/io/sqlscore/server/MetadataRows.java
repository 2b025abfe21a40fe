package io.sqlscore.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * Sends the few rows of a Flight SQL metadata command (catalogs, tables, keys, ...) in the
 * command's fixed schema, as one batch.
 */
final class MetadataRows {
  private MetadataRows() {}

  /**
   * Sends {@code rows} (each value a String, Integer, Byte or byte[] as the column's type
   * requires, or null) as a batch of {@code schema}.
   */
  static void send(Schema schema, List<Object[]> rows, BufferAllocator allocator, ServerStreamListener listener) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < schema.getFields().size(); c++) {
          set(root.getVector(c), r, rows.get(r)[c]);
        }
      }
      root.setRowCount(rows.size());
      listener.start(root);
      listener.putNext();
      listener.completed();
    }
  }

  private static void set(FieldVector vector, int row, Object value) {
    if (value == null) {
      vector.setNull(row);
    } else if (vector instanceof VarCharVector) {
      ((VarCharVector) vector).setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (vector instanceof VarBinaryVector) {
      ((VarBinaryVector) vector).setSafe(row, (byte[]) value);
    } else if (vector instanceof IntVector) {
      ((IntVector) vector).setSafe(row, ((Number) value).intValue());
    } else if (vector instanceof UInt1Vector) {
      ((UInt1Vector) vector).setSafe(row, ((Number) value).byteValue());
    } else {
      throw new IllegalArgumentException("metadata column " + vector.getName() + " has an unexpected type");
    }
  }
}
