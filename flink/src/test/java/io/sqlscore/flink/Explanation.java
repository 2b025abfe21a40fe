package io.sqlscore.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.types.Row;

/**
 * One explanation read back from either side, EXPLAIN_PREDICT through JDBC (a struct) or
 * ML_PREDICT's explanation column (a Flink row), so that tests compare them field by field.
 */
record Explanation(double score, List<Cross> crosses, List<Item> importance) {
  /** One cross feature. */
  record Cross(List<String> fields, List<String> values, int order, int supportOrder, double weight) {}

  /** One field's importance. */
  record Item(String field, double weight) {}

  /** The explanation in ML_PREDICT's output row. */
  static Explanation of(Row row) {
    List<Cross> crosses = new ArrayList<>();
    for (Object o : (Object[]) row.getField("crosses")) {
      Row c = (Row) o;
      crosses.add(new Cross(Arrays.asList((String[]) c.getField("fields")), Arrays.asList((String[]) c.getField("values")),
          (Integer) c.getField("order"), (Integer) c.getField("support_order"), (Double) c.getField("weight")));
    }
    List<Item> importance = new ArrayList<>();
    for (Object o : (Object[]) row.getField("importance")) {
      Row i = (Row) o;
      importance.add(new Item((String) i.getField("field"), (Double) i.getField("weight")));
    }
    return new Explanation((Double) row.getField("score"), crosses, importance);
  }

  /** The explanation in EXPLAIN_PREDICT's struct. */
  static Explanation of(Struct struct) throws SQLException {
    Object[] parts = struct.getAttributes();
    List<Cross> crosses = new ArrayList<>();
    for (Object o : (Object[]) ((Array) parts[1]).getArray()) {
      Object[] c = ((Struct) o).getAttributes();
      crosses.add(new Cross(strings(c[0]), strings(c[1]), ((Number) c[2]).intValue(), ((Number) c[3]).intValue(),
          ((Number) c[4]).doubleValue()));
    }
    List<Item> importance = new ArrayList<>();
    for (Object o : (Object[]) ((Array) parts[2]).getArray()) {
      Object[] i = ((Struct) o).getAttributes();
      importance.add(new Item(i[0].toString(), ((Number) i[1]).doubleValue()));
    }
    return new Explanation(((Number) parts[0]).doubleValue(), crosses, importance);
  }

  private static List<String> strings(Object array) throws SQLException {
    List<String> out = new ArrayList<>();
    for (Object o : (Object[]) ((Array) array).getArray()) {
      out.add(o == null ? null : o.toString());
    }
    return out;
  }

  /** Asserts that {@code actual} is {@code expected}, numbers within {@code tolerance}; {@code where} names the row. */
  static void assertSame(Explanation expected, Explanation actual, double tolerance, String where) {
    assertEquals(expected.score, actual.score, tolerance, where + ": score");
    assertEquals(expected.crosses.size(), actual.crosses.size(), where + ": cross features");
    for (int c = 0; c < expected.crosses.size(); c++) {
      Cross e = expected.crosses.get(c);
      Cross a = actual.crosses.get(c);
      assertEquals(e.fields, a.fields, where + ": fields of cross " + c);
      assertEquals(e.values, a.values, where + ": values of cross " + c);
      assertEquals(e.order, a.order, where + ": order of cross " + c);
      assertEquals(e.supportOrder, a.supportOrder, where + ": support order of cross " + c);
      assertEquals(e.weight, a.weight, tolerance, where + ": weight of cross " + c);
    }
    assertEquals(expected.importance.size(), actual.importance.size(), where + ": importance");
    for (int i = 0; i < expected.importance.size(); i++) {
      assertEquals(expected.importance.get(i).field, actual.importance.get(i).field, where + ": importance " + i);
      assertEquals(expected.importance.get(i).weight, actual.importance.get(i).weight, tolerance,
          where + ": importance " + i);
    }
  }
}
