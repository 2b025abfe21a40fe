package io.sqlscore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  private static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  private static byte[] longs(long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }

  private static Map<String, TensorFileWriter.Entry> sample() {
    Map<String, TensorFileWriter.Entry> entries = new LinkedHashMap<>();
    entries.put("counter", new TensorFileWriter.Entry("I64", new long[] {}, longs(7)));
    entries.put("ids", new TensorFileWriter.Entry("I64", new long[] {3}, longs(1, -2, 5_000_000_000L)));
    entries.put("w", new TensorFileWriter.Entry("F32", new long[] {2, 3}, floats(1, 2, 3, 4, 5, 6.5f)));
    return entries;
  }

  private static SqlscoreException corrupt(byte[] bytes) {
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> SafeTensors.read(bytes, "t.safetensors"));
    assertEquals(ErrorCode.CORRUPT_MODEL_PACKAGE, e.code());
    assertTrue(e.getMessage().contains("t.safetensors"), e.getMessage());
    return e;
  }

  @Test
  void readsTensorsFromBytesAndMappedFiles(@TempDir Path dir) throws Exception {
    byte[] bytes = TensorFileWriter.write(sample());
    Path file = dir.resolve("w.safetensors");
    Files.write(file, bytes);
    for (SafeTensors t : new SafeTensors[] {SafeTensors.read(bytes, "mem"), SafeTensors.open(file)}) {
      assertEquals(java.util.List.of("counter", "ids", "w"), java.util.List.copyOf(t.names()));
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, t.floats("w"));
      FloatBuffer view = t.floatView("w");
      assertEquals(6, view.remaining());
      assertEquals(6.5f, view.get(5));
      assertArrayEquals(new long[] {1, -2, 5_000_000_000L}, t.longs("ids"));
      assertArrayEquals(new long[] {2, 3}, t.info("w").shape());
      assertEquals(1, t.info("counter").elementCount());
      assertEquals(bytes.length, t.sizeBytes());
    }
  }

  @Test
  void refusesIntsThatOverflowAndWrongDtypeAccess() {
    SafeTensors t = SafeTensors.read(TensorFileWriter.write(sample()), "t.safetensors");
    SqlscoreException overflow = assertThrows(SqlscoreException.class, () -> t.ints("ids"));
    assertTrue(overflow.getMessage().contains("'ids'"), overflow.getMessage());
    SqlscoreException dtype = assertThrows(SqlscoreException.class, () -> t.floats("ids"));
    assertTrue(dtype.getMessage().contains("stores tensor 'ids' as I64"), dtype.getMessage());
    SqlscoreException missing = assertThrows(SqlscoreException.class, () -> t.info("nope"));
    assertTrue(missing.getMessage().contains("has no tensor 'nope'"), missing.getMessage());
  }

  @Test
  void refusesTruncatedFile() {
    byte[] bytes = TensorFileWriter.write(sample());
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
    assertTrue(corrupt(cut).getMessage().contains("tensor 'w'"));
    assertTrue(corrupt(java.util.Arrays.copyOf(bytes, 5)).getMessage().contains("too short"));
    assertTrue(corrupt(java.util.Arrays.copyOf(bytes, 20)).getMessage().contains("declares a header"));
  }

  @Test
  void refusesCorruptHeader() {
    byte[] bytes = TensorFileWriter.write(sample());
    bytes[9] = '[';
    bytes[10] = '!';
    assertTrue(corrupt(bytes).getMessage().contains("not valid JSON"));
    byte[] huge = TensorFileWriter.write(sample());
    ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);
    assertTrue(corrupt(huge).getMessage().contains("18446744073709551615"));
  }

  @Test
  void refusesUnsupportedDtype() {
    Map<String, TensorFileWriter.Entry> entries = sample();
    entries.get("w").dtype = "BF16";
    entries.get("w").data = new byte[12];
    String message = corrupt(TensorFileWriter.write(entries)).getMessage();
    assertTrue(message.contains("'w' as dtype BF16"), message);
  }

  @Test
  void refusesShapeThatDisagreesWithOffsets() {
    Map<String, TensorFileWriter.Entry> entries = sample();
    entries.get("w").shape = new long[] {2, 2};
    String message = corrupt(TensorFileWriter.write(entries)).getMessage();
    assertTrue(message.contains("tensor 'w' as F32 [2, 2] (16 bytes)"), message);
  }

  @Test
  void readsMetadataAndEmptyTensors() {
    String header =
        "{\"__metadata__\":{\"model_kind\":\"armnet\"},\"e\":{\"dtype\":\"I32\",\"shape\":[0,4],\"data_offsets\":[0,0]},"
            + "\"x\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).putInt(-5);
    SafeTensors t = SafeTensors.read(b.array(), "meta.safetensors");
    assertEquals(Map.of("model_kind", "armnet"), t.metadata());
    assertEquals(0, t.ints("e").length);
    assertArrayEquals(new int[] {-5}, t.ints("x"));
    assertArrayEquals(new long[] {-5}, t.longs("x"));
  }

  @Test
  void refusesOverlappingTensors() {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    String message = corrupt(b.array()).getMessage();
    assertTrue(message.contains("overlapping data for tensors 'a' and 'b'"), message);
  }

  @Test
  void missingFileIsNotFound(@TempDir Path dir) {
    SqlscoreException e =
        assertThrows(SqlscoreException.class, () -> SafeTensors.open(dir.resolve("none.safetensors")));
    assertEquals(ErrorCode.MODEL_PACKAGE_NOT_FOUND, e.code());
  }
}
