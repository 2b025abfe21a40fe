package io.sqlscore.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a safetensors file (the format {@link SafeTensors} reads): tensors in the order added,
 * contiguous data offsets, the JSON header padded with spaces to a multiple of 8 bytes, data
 * little-endian. PyTorch's {@code safetensors.torch.load_file} reads the result.
 */
public final class SafeTensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Entry(String dtype, long[] shape, byte[] data) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  /** Adds an F32 tensor of {@code shape} with {@code data} in row-major order. */
  public SafeTensorsWriter addFloats(String name, long[] shape, float[] data) {
    long count = 1;
    for (long dim : shape) {
      count *= dim;
    }
    if (count != data.length) {
      throw SqlscoreException.of(
          ErrorCode.INTERNAL_ERROR, "tensor %s: shape holds %d elements but %d were given", name, count, data.length);
    }
    ByteBuffer bytes = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    return addRaw(name, "F32", shape, bytes.array());
  }

  /** Adds an I64 scalar (shape {@code []}), e.g. a BatchNorm's {@code num_batches_tracked}. */
  public SafeTensorsWriter addLongScalar(String name, long value) {
    return addRaw(name, "I64", new long[0], ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
  }

  /**
   * Adds a tensor as given: the dtype as it goes into the header and the raw bytes (not checked
   * against the shape, so that tests can craft defective files).
   */
  public SafeTensorsWriter addRaw(String name, String dtype, long[] shape, byte[] data) {
    if (entries.containsKey(name) || name.equals("__metadata__")) {
      throw SqlscoreException.of(ErrorCode.INTERNAL_ERROR, "tensor %s is added twice", name);
    }
    entries.put(name, new Entry(dtype, shape.clone(), data));
    return this;
  }

  /** Adds a {@code __metadata__} entry (string to string). */
  public SafeTensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /** The file's bytes. */
  public byte[] toBytes() {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      ObjectNode node = header.putObject(e.getKey());
      node.put("dtype", e.getValue().dtype());
      ArrayNode shape = node.putArray("shape");
      for (long dim : e.getValue().shape()) {
        shape.add(dim);
      }
      node.putArray("data_offsets").add(offset).add(offset + e.getValue().data().length);
      offset += e.getValue().data().length;
    }
    byte[] headerBytes;
    try {
      headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "cannot write a safetensors header", e);
    }
    int padded = (headerBytes.length + 7) / 8 * 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 + padded + (int) offset);
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
    out.writeBytes(headerBytes);
    for (int i = headerBytes.length; i < padded; i++) {
      out.write(' ');
    }
    entries.values().forEach(e -> out.writeBytes(e.data()));
    return out.toByteArray();
  }
}
