package io.sqlscore.udf.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.udf.FeatureBatch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeatureEncoderTest {
  private static final ModelConfig CONFIG =
      ModelConfig.parse(
          ("{\"model_kind\":\"autoint\",\"nfield\":3,\"nfeat\":20,\"nemb\":4,\"nhead\":1,\"attn_dims\":[4],"
                  + "\"features\":["
                  + "{\"name\":\"user\",\"encoding\":\"id\",\"min_id\":0,\"max_id\":9},"
                  + "{\"name\":\"city\",\"encoding\":\"vocabulary\",\"vocabulary\":{\"Berlin\":11,\"Paris\":12,\"7\":13},"
                  + "\"oov_id\":10},"
                  + "{\"name\":\"age\",\"encoding\":\"numeric\",\"id\":19,\"min\":10,\"max\":90,"
                  + "\"null\":{\"default\":0.25}}]}")
              .getBytes(StandardCharsets.UTF_8));
  private static final List<String> NAMES = List.of("u", "c", "a");
  private static BufferAllocator allocator;
  private final List<FieldVector> open = new ArrayList<>();
  private final FeatureEncoder encoder = new FeatureEncoder(CONFIG, "demo@2");

  @BeforeAll
  static void start() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void closeAndCheck() {
    open.forEach(FieldVector::close);
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory still allocated");
  }

  @AfterAll
  static void stop() {
    allocator.close();
  }

  private IntVector ints(Integer... values) {
    IntVector v = new IntVector("u", allocator);
    open.add(v);
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.set(i, values[i]);
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  private VarCharVector strings(String... values) {
    VarCharVector v = new VarCharVector("c", allocator);
    open.add(v);
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  private Float8Vector doubles(Double... values) {
    Float8Vector v = new Float8Vector("a", allocator);
    open.add(v);
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.set(i, values[i]);
      }
    }
    v.setValueCount(values.length);
    return v;
  }

  private SqlscoreException refused(ErrorCode code, List<FieldVector> columns) {
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> encoder.encode(columns, NAMES, 10));
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.getMessage().contains("demo@2"), e.getMessage());
    return e;
  }

  @Test
  void encodesEveryEncodingAndNullPolicy() {
    FeatureBatch batch =
        encoder.encode(
            List.of(ints(3, 9, 0), strings("Paris", "Rome", null), doubles(50.0, null, 90.0)), NAMES, 0);
    assertEquals(3, batch.rows());
    assertArrayEquals(new int[] {3, 12, 19, 9, 10, 19, 0, 10, 19}, batch.ids());
    assertArrayEquals(new float[] {1, 1, 0.5f, 1, 1, 0.25f, 1, 1, 1f}, batch.values());
  }

  @Test
  void vocabularyTakesIntegersAsStringsAndStringViews() {
    BigIntVector cities = new BigIntVector("c", allocator);
    open.add(cities);
    cities.allocateNew(2);
    cities.set(0, 7);
    cities.set(1, 8);
    cities.setValueCount(2);
    FeatureBatch batch = encoder.encode(List.of(ints(1, 2), cities, doubles(10.0, 10.0)), NAMES, 0);
    assertEquals(13, batch.ids()[1]);
    assertEquals(10, batch.ids()[4]);
    ViewVarCharVector views = new ViewVarCharVector("c", allocator);
    open.add(views);
    views.allocateNew(1);
    views.setSafe(0, "Berlin".getBytes(StandardCharsets.UTF_8));
    views.setValueCount(1);
    assertEquals(11, encoder.encode(List.of(ints(1), views, doubles(10.0)), NAMES, 0).ids()[1]);
  }

  @Test
  void stringsMatchTheVocabularyOnTheirUtf8BytesAsTheDecodedStringWould() {
    FeatureEncoder cities = new FeatureEncoder(ModelConfig.parse(
        ("{\"model_kind\":\"autoint\",\"nfield\":1,\"nfeat\":6,\"nemb\":4,\"nhead\":1,\"attn_dims\":[4],"
            + "\"features\":[{\"name\":\"city\",\"encoding\":\"vocabulary\",\"vocabulary\":{\"Bogot\u00e1\":0,"
            + "\"\u6771\u4eac\":1,\"\":2,\"Bogota\":3,\"K\u00f8benhavn \ud83d\udeb2\":4},\"oov_id\":5}]}")
            .getBytes(StandardCharsets.UTF_8)), "cities@1");
    String[] values = {"Bogot\u00e1", "\u6771\u4eac", "", "Bogota", "K\u00f8benhavn \ud83d\udeb2", "bogot\u00e1",
        "\u6771", "Bogot\u00e1 and a much longer name than any key", null};
    int[] ids = cities.encode(List.of(strings(values)), List.of("city"), 0).ids();
    for (int r = 0; r < values.length; r++) {
      int expected = values[r] == null ? 5 : lookup(cities, values[r]);
      assertEquals(expected, ids[r], "value " + values[r]);
    }
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 5, 5, 5}, ids);
  }

  private static int lookup(FeatureEncoder encoder, String value) {
    return encoder.config().features().get(0).lookup(value);
  }

  @Test
  void aRangeEncodesLikeTheWholeBatchAndNamesRowsWithinTheQuery() {
    List<FieldVector> columns = List.of(ints(1, 2, 3, 4, 5), strings("Paris", "x", null, "Berlin", "7"),
        doubles(10.0, 20.0, null, 40.0, 50.0));
    FeatureBatch whole = encoder.encode(columns, NAMES, 100);
    FeatureBatch range = encoder.encode(columns, NAMES, 100, 1, 4);
    assertEquals(3, range.rows());
    assertArrayEquals(Arrays.copyOfRange(whole.ids(), 3, 12), range.ids());
    assertArrayEquals(Arrays.copyOfRange(whole.values(), 3, 12), range.values());
    List<FieldVector> bad = List.of(ints(1, 2, 99), strings("a", "b", "c"), doubles(1.0, 2.0, 3.0));
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> encoder.encode(bad, NAMES, 100, 2, 3));
    assertTrue(e.getMessage().contains("row 103"), e.getMessage());
  }

  @Test
  void vocabularyTakesBooleansAsTrueAndFalse() {
    FeatureEncoder flags = new FeatureEncoder(ModelConfig.parse(
        ("{\"model_kind\":\"autoint\",\"nfield\":1,\"nfeat\":3,\"nemb\":4,\"nhead\":1,\"attn_dims\":[4],"
            + "\"features\":[{\"name\":\"member\",\"encoding\":\"vocabulary\",\"vocabulary\":{\"false\":0,"
            + "\"true\":1},\"oov_id\":2}]}").getBytes(StandardCharsets.UTF_8)), "flags@1");
    BitVector member = new BitVector("member", allocator);
    open.add(member);
    member.allocateNew(3);
    member.set(0, 1);
    member.set(1, 0);
    member.setNull(2);
    member.setValueCount(3);
    assertArrayEquals(new int[] {1, 0, 2}, flags.encode(List.of(member), List.of("member"), 0).ids());
  }

  @Test
  void numericTakesFloatsAndDecimals() {
    Float4Vector floats = new Float4Vector("a", allocator);
    open.add(floats);
    floats.allocateNew(1);
    floats.set(0, 30f);
    floats.setValueCount(1);
    assertEquals(0.25f, encoder.encode(List.of(ints(1), strings("x"), floats), NAMES, 0).values()[2]);
    DecimalVector decimals = new DecimalVector("a", allocator, 10, 2);
    open.add(decimals);
    decimals.allocateNew(1);
    decimals.set(0, new BigDecimal("70.00"));
    decimals.setValueCount(1);
    assertEquals(0.75f, encoder.encode(List.of(ints(1), strings("x"), decimals), NAMES, 0).values()[2]);
  }

  @Test
  void nullWithErrorPolicyNamesFeatureColumnAndRow() {
    String message = refused(ErrorCode.BAD_FEATURE_VALUE, List.of(ints(1, null), strings("a", "b"), doubles(1.0, 2.0))).getMessage();
    assertTrue(message.contains("feature 'user' (column 'u'), row 12"), message);
    assertTrue(message.contains("NULL") && message.contains("COALESCE"), message);
  }

  @Test
  void nanAndInfinityAreRefused() {
    String message =
        refused(ErrorCode.BAD_FEATURE_VALUE, List.of(ints(1, 2), strings("a", "b"), doubles(1.0, Double.NaN)))
            .getMessage();
    assertTrue(message.contains("feature 'age' (column 'a'), row 12: the value is NaN"), message);
    message =
        refused(
                ErrorCode.BAD_FEATURE_VALUE,
                List.of(ints(1), strings("a"), doubles(Double.POSITIVE_INFINITY)))
            .getMessage();
    assertTrue(message.contains("row 11: the value is Infinity"), message);
  }

  @Test
  void outOfRangeIdIsRefused() {
    String message = refused(ErrorCode.BAD_FEATURE_VALUE, List.of(ints(4, 10), strings("a", "b"), doubles(1.0, 2.0))).getMessage();
    assertTrue(message.contains("row 12: id 10 is outside the feature's range [0, 9]"), message);
  }

  @Test
  void wrongArrowTypeIsAFeatureMismatch() {
    String message =
        refused(ErrorCode.FEATURE_MISMATCH, List.of(ints(1), strings("a"), strings("old"))).getMessage();
    assertTrue(message.contains("feature 'age'"), message);
    assertTrue(message.contains("column 'a', a string column"), message);
    assertTrue(message.contains("pass integer or floating-point or decimal values"), message);
    BitVector flags = new BitVector("u", allocator);
    open.add(flags);
    flags.allocateNew(1);
    flags.setValueCount(1);
    assertTrue(
        refused(ErrorCode.FEATURE_MISMATCH, List.of(flags, strings("a"), doubles(1.0)))
            .getMessage()
            .contains("feature 'user'"));
    SqlscoreException planTime =
        assertThrows(
            SqlscoreException.class,
            () -> encoder.checkTypes(List.of(doubles(1.0).getField(), strings("a").getField(), doubles(1.0).getField()), NAMES));
    assertEquals(ErrorCode.FEATURE_MISMATCH, planTime.code());
    encoder.checkTypes(List.of(ints(1).getField(), ints(1).getField(), ints(1).getField()), NAMES);
  }

  @Test
  void wrongColumnCountIsAFeatureMismatch() {
    SqlscoreException e =
        assertThrows(SqlscoreException.class, () -> encoder.encode(List.of(ints(1), strings("a")), NAMES.subList(0, 2), 0));
    assertEquals(ErrorCode.FEATURE_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("takes 3 features ([user, city, age]) but got 2 columns"), e.getMessage());
  }

  @Test
  void configWithoutFeaturesCannotEncodeColumns() {
    ModelConfig raw =
        ModelConfig.parse(
            "{\"model_kind\":\"autoint\",\"nfield\":3,\"nfeat\":20,\"nemb\":4,\"nhead\":1,\"attn_dims\":[4]}"
                .getBytes(StandardCharsets.UTF_8));
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> new FeatureEncoder(raw, "raw@1"));
    assertEquals(ErrorCode.FEATURE_MISMATCH, e.code());
  }

  @Test
  void rowsOutsideArrowEncodeLikeArrowColumns() {
    FeatureBatch arrow =
        encoder.encode(
            List.of(ints(3, 9, 0, 5), strings("Paris", "Rome", null, "Z\u00fcrich"), doubles(50.0, null, 90.0, 30.0)),
            NAMES, 0);
    FeatureBatch rows =
        encoder.encodeRows(
            rows(new Object[][] {{3, "Paris", 50.0}, {9, "Rome", null}, {0, null, 90.0}, {5, "Z\u00fcrich", 30.0}}),
            List.of(Integer.class, String.class, Double.class), NAMES, 0);
    assertArrayEquals(arrow.ids(), rows.ids());
    assertArrayEquals(arrow.values(), rows.values());

    // Other Java types: a Long id, an integer vocabulary key (compared as its string form), decimals and floats.
    FeatureBatch strings = encoder.encode(List.of(ints(3, 9), strings(null, "7"), doubles(50.0, 90.0)), NAMES, 0);
    for (Class<?> numbers : List.of(BigDecimal.class, Float.class)) {
      Object fifty = numbers == Float.class ? (Object) 50f : new BigDecimal("50");
      Object ninety = numbers == Float.class ? (Object) 90f : new BigDecimal("90.00");
      FeatureBatch typed = encoder.encodeRows(rows(new Object[][] {{3L, null, fifty}, {9L, 7, ninety}}),
          List.of(Long.class, Integer.class, numbers), NAMES, 0);
      assertArrayEquals(strings.ids(), typed.ids());
      assertArrayEquals(strings.values(), typed.values());
    }
  }

  @Test
  void rowsOutsideArrowAreCheckedLikeArrowColumns() {
    List<Class<?>> types = List.of(Integer.class, String.class, Double.class);
    SqlscoreException e = assertThrows(SqlscoreException.class,
        () -> encoder.encodeRows(rows(new Object[][] {{1, "a", 2.0}, {1, "a", Double.NaN}}), types, NAMES, 4));
    assertEquals(ErrorCode.BAD_FEATURE_VALUE, e.code());
    assertTrue(e.getMessage().contains("model demo@2: feature 'age' (column 'a'), row 6: the value is NaN"), e.getMessage());
    e = assertThrows(SqlscoreException.class, () -> encoder.encodeRows(rows(new Object[][] {{1, "a", true}}),
        List.of(Integer.class, String.class, Boolean.class), NAMES, 0));
    assertEquals(ErrorCode.FEATURE_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("cannot take column 'a', a Boolean column"), e.getMessage());
    e = assertThrows(SqlscoreException.class,
        () -> encoder.checkValueTypes(List.of(Integer.class, String.class, Boolean.class),
            List.of("INT", "STRING", "BOOLEAN"), NAMES));
    assertEquals(ErrorCode.FEATURE_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("feature 'age' (numeric"), e.getMessage());
    assertTrue(e.getMessage().contains("column 'a', a BOOLEAN column; pass integer or floating-point or decimal values"),
        e.getMessage());
    encoder.checkValueTypes(List.of(Long.class, String.class, BigDecimal.class), List.of("BIGINT", "STRING", "DECIMAL"),
        NAMES);
  }

  @Test
  void aBatchFilledRowByRowSkipsARowThatFailsAndNamesIt() {
    List<Class<?>> types = List.of(Integer.class, String.class, Double.class);
    ValueRows rows = rows(new Object[][] {{3, "Paris", 50.0}, {9, "Rome", Double.NaN}, {5, null, 30.0}});
    RowByRowBatch batch = encoder.rowByRow(types, NAMES, 3, 100);
    batch.add(rows, 0);
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> batch.add(rows, 1));
    assertTrue(e.getMessage().contains("feature 'age' (column 'a'), row 102: the value is NaN"), e.getMessage());
    batch.add(rows, 2);
    assertEquals(2, batch.size());
    FeatureBatch expected = encoder.encodeRows(rows(new Object[][] {{3, "Paris", 50.0}, {5, null, 30.0}}), types,
        NAMES, 0);
    assertArrayEquals(expected.ids(), batch.batch().ids());
    assertArrayEquals(expected.values(), batch.batch().values());
    batch.add(rows, 0);
    assertThrows(IllegalStateException.class, () -> batch.add(rows, 0), "the batch holds 3 rows");
  }

  /** Rows of Java values, each column's values of the one type the test declares for it. */
  private static ValueRows rows(Object[][] values) {
    return new ValueRows() {
      @Override
      public int size() {
        return values.length;
      }

      @Override
      public boolean isNull(int row, int column) {
        return values[row][column] == null;
      }

      @Override
      public long integer(int row, int column) {
        return ((Number) values[row][column]).longValue();
      }

      @Override
      public double number(int row, int column) {
        return ((Number) values[row][column]).doubleValue();
      }

      @Override
      public boolean bool(int row, int column) {
        return (Boolean) values[row][column];
      }

      @Override
      public byte[] utf8(int row, int column) {
        return values[row][column].toString().getBytes(StandardCharsets.UTF_8);
      }
    };
  }
}
