package io.sqlscore.planner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sqlscore.arrow.ArrowLeakCheck;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plain-array column buffers EXPLAIN_PREDICT is assembled in, copied part by part into real Arrow vectors. */
class ColumnBuffersTest {
  @RegisterExtension
  static final ArrowLeakCheck ARROW = new ArrowLeakCheck();

  @Test
  void textPartsKeepValuesNullsAndDecimalsAtTheirPositions() {
    TextColumnBuffer first = new TextColumnBuffer();
    first.add("héllo".getBytes(StandardCharsets.UTF_8));
    first.addNull();
    first.addDecimal(-2147483648L);
    TextColumnBuffer second = new TextColumnBuffer();
    second.addDecimal(0);
    second.addNull();
    second.addDecimal(Long.MIN_VALUE);
    second.addDecimal(9_000_000_000L);
    for (int i = 0; i < 1000; i++) {
      second.addDecimal(-i);
    }
    try (VarCharVector vector = new VarCharVector("t", ARROW.allocator())) {
      int values = first.count() + second.count();
      int bytes = first.byteCount() + second.byteCount();
      TextColumnBuffer.size(vector, values, bytes);
      vector.allocateNew();
      TextColumnBuffer.define(vector, values, bytes);
      first.copyTo(vector, 0, 0);
      second.copyTo(vector, first.count(), first.byteCount());
      vector.setValueCount(values);
      assertEquals(1007, vector.getValueCount());
      assertEquals("héllo", vector.getObject(0).toString());
      assertNull(vector.getObject(1));
      assertEquals("-2147483648", vector.getObject(2).toString());
      assertEquals("0", vector.getObject(3).toString());
      assertNull(vector.getObject(4));
      assertEquals(Long.toString(Long.MIN_VALUE), vector.getObject(5).toString());
      assertEquals("9000000000", vector.getObject(6).toString());
      assertEquals("-999", vector.getObject(1006).toString());
    }
  }

  @Test
  void decimalsAreTheDigitsJavaPrints() {
    long[] values = {0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, 5381, 65535, 99999, 100000, 999999999,
        1000000000, -1000000000, Integer.MAX_VALUE, Integer.MIN_VALUE + 1L, Integer.MIN_VALUE, Long.MAX_VALUE};
    TextColumnBuffer buffer = new TextColumnBuffer();
    java.util.Random random = new java.util.Random(7);
    long[] all = java.util.Arrays.copyOf(values, values.length + 1000);
    for (int i = values.length; i < all.length; i++) {
      all[i] = random.nextInt() >> random.nextInt(32);
    }
    for (long value : all) {
      buffer.addDecimal(value);
    }
    try (VarCharVector vector = new VarCharVector("t", ARROW.allocator())) {
      vector.allocateNew();
      TextColumnBuffer.define(vector, buffer.count(), buffer.byteCount());
      buffer.copyTo(vector, 0, 0);
      vector.setValueCount(buffer.count());
      for (int i = 0; i < all.length; i++) {
        assertEquals(Long.toString(all[i]), str(vector, i));
      }
    }
  }

  @Test
  void eachColumnTypeRendersItsValuesAndNulls() {
    try (VarCharVector strings = new VarCharVector("s", ARROW.allocator());
        IntVector ints = new IntVector("i", ARROW.allocator());
        BigIntVector longs = new BigIntVector("l", ARROW.allocator());
        SmallIntVector shorts = new SmallIntVector("h", ARROW.allocator());
        Float8Vector doubles = new Float8Vector("d", ARROW.allocator());
        VarCharVector target = new VarCharVector("t", ARROW.allocator())) {
      strings.allocateNew();
      strings.setSafe(0, "Private".getBytes(StandardCharsets.UTF_8));
      strings.setNull(1);
      strings.setValueCount(2);
      ints.allocateNew(2);
      ints.set(0, -42);
      ints.setNull(1);
      ints.setValueCount(2);
      longs.allocateNew(2);
      longs.set(0, 9_000_000_000L);
      longs.setNull(1);
      longs.setValueCount(2);
      shorts.allocateNew(2);
      shorts.set(0, 7);
      shorts.setNull(1);
      shorts.setValueCount(2);
      doubles.allocateNew(2);
      doubles.set(0, 2.0);
      doubles.set(1, 0.25);
      doubles.setValueCount(2);
      TextColumnBuffer buffer = new TextColumnBuffer();
      for (FieldVector column : List.of(strings, ints, longs, shorts, doubles)) {
        SqlText values = SqlText.of(column);
        values.append(0, buffer);
        values.append(1, buffer);
      }
      target.allocateNew();
      TextColumnBuffer.define(target, buffer.count(), buffer.byteCount());
      buffer.copyTo(target, 0, 0);
      target.setValueCount(buffer.count());
      List<String> rendered = new ArrayList<>();
      for (int i = 0; i < target.getValueCount(); i++) {
        rendered.add(str(target, i));
      }
      assertEquals(List.of("Private", "null", "-42", "null", "9000000000", "null", "7", "null", "2.0", "0.25"),
          rendered);
    }
  }

  @Test
  void intPartsBecomeValuesOrShiftedListEnds() {
    IntColumnBuffer ends = new IntColumnBuffer();
    ends.add(2);
    ends.add(2);
    IntColumnBuffer more = new IntColumnBuffer();
    more.add(1);
    IntColumnBuffer values = new IntColumnBuffer();
    values.add(7);
    values.add(8);
    IntColumnBuffer moreValues = new IntColumnBuffer();
    moreValues.add(9);
    try (ListVector lists = ListVector.empty("l", ARROW.allocator())) {
      lists.addOrGetVector(FieldType.notNullable(new ArrowType.Int(32, true)));
      lists.allocateNew();
      IntColumnBuffer.defineEnds(lists, 3);
      ends.copyEndsTo(lists, 0, 0);
      more.copyEndsTo(lists, 2, 2);
      IntVector items = (IntVector) lists.getDataVector();
      IntColumnBuffer.define(items, 3);
      values.copyTo(items, 0);
      moreValues.copyTo(items, 2);
      lists.setValueCount(3);
      assertEquals(List.of(7, 8), lists.getObject(0));
      assertEquals(List.of(), lists.getObject(1));
      assertEquals(List.of(9), lists.getObject(2));
    }
  }

  @Test
  void doublePartsLandAtTheirPositions() {
    DoubleColumnBuffer first = new DoubleColumnBuffer();
    first.add(-1);
    DoubleColumnBuffer second = new DoubleColumnBuffer();
    for (int i = 0; i < 300; i++) {
      second.add(i / 2.0);
    }
    try (Float8Vector vector = new Float8Vector("d", ARROW.allocator())) {
      vector.allocateNew(301);
      DoubleColumnBuffer.define(vector, 301);
      first.copyTo(vector, 0);
      second.copyTo(vector, 1);
      vector.setValueCount(301);
      assertEquals(-1, vector.get(0));
      assertEquals(0, vector.get(1));
      assertEquals(149.5, vector.get(300));
    }
  }

  private static String str(VarCharVector vector, int row) {
    return String.valueOf(vector.getObject(row));
  }
}
