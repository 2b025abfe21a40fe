package io.sqlscore.server;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches of a DuckDB Arrow export as clients get them: a dictionary-encoded column (a DuckDB
 * ENUM) is sent as its values, since Flight SQL's JDBC and ODBC drivers read a dictionary column
 * as its indices; every other column passes as it is, without copying.
 */
final class PlainBatches {
  private PlainBatches() {}

  /** The schema of {@code reader}'s batches with each dictionary-encoded column as its value type. */
  static Schema schema(ArrowReader reader) throws IOException {
    List<Field> fields = new ArrayList<>();
    for (Field field : reader.getVectorSchemaRoot().getSchema().getFields()) {
      requireNoNestedDictionary(field, field.getName());
      DictionaryEncoding encoding = field.getDictionary();
      if (encoding == null) {
        fields.add(field);
      } else {
        Field values = reader.lookup(encoding.getId()).getVector().getField();
        fields.add(new Field(field.getName(),
            new FieldType(true, values.getType(), null, field.getMetadata()), values.getChildren()));
      }
    }
    return new Schema(fields);
  }

  /** Moves the batch {@code reader} holds into {@code to} (whose schema is {@link #schema}). */
  static void move(ArrowReader reader, VectorSchemaRoot to) throws IOException {
    VectorSchemaRoot from = reader.getVectorSchemaRoot();
    for (int i = 0; i < from.getFieldVectors().size(); i++) {
      FieldVector source = from.getVector(i);
      DictionaryEncoding encoding = source.getField().getDictionary();
      if (encoding == null) {
        source.makeTransferPair(to.getVector(i)).transfer();
      } else {
        Dictionary dictionary = reader.lookup(encoding.getId());
        try (ValueVector decoded = DictionaryEncoder.decode(source, dictionary)) {
          decoded.makeTransferPair(to.getVector(i)).transfer();
        }
      }
    }
    to.setRowCount(from.getRowCount());
  }

  private static void requireNoNestedDictionary(Field field, String column) {
    for (Field child : field.getChildren()) {
      if (child.getDictionary() != null) {
        throw SqlscoreException.of(ErrorCode.NOT_SUPPORTED,
            "column %s holds ENUM values inside a STRUCT, LIST or MAP, which the server cannot send yet; "
                + "cast them to VARCHAR in the query", column);
      }
      requireNoNestedDictionary(child, column);
    }
  }
}
