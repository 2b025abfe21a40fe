package io.sqlscore.model;

import java.nio.ByteBuffer;
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
    SafeTensorsWriter writer = new SafeTensorsWriter();
    entries.forEach((name, e) -> writer.addRaw(name, e.dtype, e.shape, e.data));
    return writer.toBytes();
  }
}
