package io.sqlscore.arrow;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.DictionaryUtility;

/**
 * Hands on dictionary-encoded columns (DuckDB's ENUMs) from one Arrow reader to another. A
 * reader's root holds such a column as its indices; the values sit in the reader's
 * dictionaries, which a consumer (DuckDB's stream scan) looks up by id. A reader that passes on
 * another reader's columns must declare them with their value types ({@link #declared}), so that
 * {@code ArrowReader} sets up its own dictionaries under the same ids, and must {@link #share}
 * the source's dictionary values with each batch; otherwise the consumer reads the indices
 * against empty dictionaries, a silently wrong column. A reader that adds dictionary-encoded
 * columns of its own gives them ids from {@link #firstUnusedId} on.
 */
public final class DictionaryRelay {
  private DictionaryRelay() {}

  /**
   * The fields of {@code source}'s root as {@code ArrowReader.readSchema} declares them: each
   * dictionary-encoded column (at any depth) with its dictionary's value type.
   */
  public static List<Field> declared(ArrowReader source) throws IOException {
    List<Field> fields = new ArrayList<>();
    for (Field field : source.getVectorSchemaRoot().getSchema().getFields()) {
      fields.add(DictionaryUtility.toMessageFormat(field, source, new HashSet<>()));
    }
    return fields;
  }

  /** An id above every dictionary id of {@code source}, for dictionaries a reader adds. */
  public static long firstUnusedId(DictionaryProvider source) {
    long max = -1;
    for (long id : source.getDictionaryIds()) {
      max = Math.max(max, id);
    }
    return max + 1;
  }

  /**
   * Makes each dictionary of {@code target} that {@code source} also has hold the source's
   * current values, sharing their buffers (the source keeps its own).
   */
  public static void share(DictionaryProvider source, DictionaryProvider target) {
    for (long id : source.getDictionaryIds()) {
      Dictionary to = target.lookup(id);
      if (to == null) {
        continue;
      }
      FieldVector from = source.lookup(id).getVector();
      to.getVector().clear();
      from.makeTransferPair(to.getVector()).splitAndTransfer(0, from.getValueCount());
    }
  }
}
