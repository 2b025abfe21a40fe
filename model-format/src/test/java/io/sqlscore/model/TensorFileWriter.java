package io.sqlscore.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes safetensors bytes for tests, so that each can craft one specific defect. */
final class TensorFileWriter {
  /** One tensor to write: dtype name as it goes into the header, shape, raw bytes. */
  static final class Entry {
    String dtype;
    long[] shape;
    byte[] data;

    Entry(String dtype, long[] shape, byte[] data) {
      this.dtype = dtype;
      this.shape = shape;
      this.data = data;
    }
  }

  private TensorFileWriter() {}

  /** All tensors of a file, in header order, as editable entries. */
  static Map<String, Entry> entries(SafeTensors tensors) {
    Map<String, Entry> out = new LinkedHashMap<>();
    ByteBuffer all = tensors.bytes();
    int dataStart = (int) (8 + all.getLong(0));
    for (String name : tensors.names()) {
      SafeTensors.TensorInfo info = tensors.info(name);
      byte[] data = new byte[(int) (info.end() - info.begin())];
      all.get(dataStart + (int) info.begin(), data);
      out.put(name, new Entry(info.dtype().name(), info.shape(), data));
    }
    return out;
  }

  /** Serialises entries with contiguous offsets and a space-padded header. */
  static byte[] write(Map<String, Entry> entries) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    long offset = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      ObjectNode node = header.putObject(e.getKey());
      node.put("dtype", e.getValue().dtype);
      var shape = node.putArray("shape");
      for (long dim : e.getValue().shape) {
        shape.add(dim);
      }
      node.putArray("data_offsets").add(offset).add(offset + e.getValue().data.length);
      offset += e.getValue().data.length;
    }
    byte[] headerBytes;
    try {
      headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int padded = (headerBytes.length + 7) / 8 * 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array();
    out.writeBytes(length);
    out.writeBytes(headerBytes);
    for (int i = headerBytes.length; i < padded; i++) {
      out.write(' ');
    }
    entries.values().forEach(e -> out.writeBytes(e.data));
    return out.toByteArray();
  }
}
