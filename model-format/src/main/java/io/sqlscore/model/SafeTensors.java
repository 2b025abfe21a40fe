package io.sqlscore.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A validated safetensors file: 8-byte little-endian header length N, N bytes of JSON header,
 * then the tensor data.
 *
 * <p>At construction the header is checked against the buffer: the header length fits, every
 * dtype is F32, I64 or I32, each tensor's shape times element size equals its offset span, and
 * the spans lie inside the data and do not overlap. Files are memory-mapped read-only. Instances
 * are immutable and safe to share between threads.
 */
public final class SafeTensors {
  /** The element types sqlscore reads. */
  public enum DType {
    /** 32-bit IEEE float. */
    F32(4),
    /** 64-bit signed integer. */
    I64(8),
    /** 32-bit signed integer. */
    I32(4);

    private final int size;

    DType(int size) {
      this.size = size;
    }

    /** Bytes per element. */
    public int size() {
      return size;
    }
  }

  /** One tensor of the header: name, dtype, shape and byte span within the data section. */
  public static final class TensorInfo {
    private final String name;
    private final DType dtype;
    private final long[] shape;
    private final long begin;
    private final long end;

    TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
      this.name = name;
      this.dtype = dtype;
      this.shape = shape;
      this.begin = begin;
      this.end = end;
    }

    /** The tensor's name. */
    public String name() {
      return name;
    }

    /** The element type. */
    public DType dtype() {
      return dtype;
    }

    /** The shape (a copy); empty for a scalar. */
    public long[] shape() {
      return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long elementCount() {
      long count = 1;
      for (long dim : shape) {
        count *= dim;
      }
      return count;
    }

    /** First byte, relative to the data section. */
    public long begin() {
      return begin;
    }

    /** One past the last byte, relative to the data section. */
    public long end() {
      return end;
    }

    /** The shape as text, e.g. {@code [4, 10, 10]}. */
    public String shapeText() {
      return Arrays.toString(shape);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private final String source;
  private final ByteBuffer buffer;
  private final int dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafeTensors(String source, ByteBuffer buffer) {
    this.source = source;
    this.buffer = buffer.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    this.buffer.position(0);
    long size = this.buffer.limit();
    if (size < 8) {
      throw corrupt("is %d bytes long, too short for the 8-byte header length", size);
    }
    long headerLength = this.buffer.getLong(0);
    if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > size) {
      throw corrupt(
          "declares a header of %s bytes but the file has %d bytes (truncated or not safetensors)",
          Long.toUnsignedString(headerLength),
          size);
    }
    this.dataStart = (int) (8 + headerLength);
    byte[] header = new byte[(int) headerLength];
    this.buffer.get(8, header);
    JsonNode root;
    try {
      root = JSON.readTree(header);
    } catch (IOException e) {
      throw corrupt("has a header that is not valid JSON (%s)", e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw corrupt("has a header that is not a JSON object");
    }
    Map<String, TensorInfo> parsed = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>();
    long dataLength = size - dataStart;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getKey().equals("__metadata__")) {
        entry.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
      } else {
        parsed.put(entry.getKey(), parseTensor(entry.getKey(), entry.getValue(), dataLength));
      }
    }
    checkNoOverlap(parsed.values());
    this.tensors = Collections.unmodifiableMap(parsed);
    this.metadata = Collections.unmodifiableMap(meta);
  }

  /** Memory-maps and validates a safetensors file (read-only). */
  public static SafeTensors open(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE) {
        throw SqlscoreException.of(
            ErrorCode.CORRUPT_MODEL_PACKAGE, "%s is %d bytes; weights files are limited to 2 GiB", file, size);
      }
      return new SafeTensors(file.toString(), channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
    } catch (NoSuchFileException e) {
      throw SqlscoreException.of(ErrorCode.MODEL_PACKAGE_NOT_FOUND, "%s does not exist", file);
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Validates safetensors bytes; {@code source} names them in error messages. */
  public static SafeTensors read(ByteBuffer bytes, String source) {
    return new SafeTensors(source, bytes.slice());
  }

  /** Validates safetensors bytes; {@code source} names them in error messages. */
  public static SafeTensors read(byte[] bytes, String source) {
    return new SafeTensors(source, ByteBuffer.wrap(bytes));
  }

  private TensorInfo parseTensor(String name, JsonNode node, long dataLength) {
    if (!node.isObject()) {
      throw corrupt("has a header entry for tensor '%s' that is not an object", name);
    }
    JsonNode dtypeNode = node.get("dtype");
    String dtypeName = dtypeNode == null ? "(none)" : dtypeNode.asText();
    DType dtype;
    try {
      dtype = DType.valueOf(dtypeName);
    } catch (IllegalArgumentException e) {
      throw corrupt(
          "stores tensor '%s' as dtype %s; sqlscore reads F32, I64 and I32 tensors only"
              + " (convert the state_dict to float32 before saving)",
          name,
          dtypeName);
    }
    JsonNode shapeNode = node.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw corrupt("has no shape array for tensor '%s'", name);
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode dim = shapeNode.get(i);
      if (!dim.isIntegralNumber() || dim.longValue() < 0 || dim.longValue() > Integer.MAX_VALUE) {
        throw corrupt("has an invalid dimension %s in the shape of tensor '%s'", dim, name);
      }
      shape[i] = dim.longValue();
    }
    long bytes;
    try {
      long count = 1;
      for (long dim : shape) {
        count = Math.multiplyExact(count, dim);
      }
      bytes = Math.multiplyExact(count, (long) dtype.size());
    } catch (ArithmeticException e) {
      throw corrupt("declares tensor '%s' with an impossibly large shape %s", name, Arrays.toString(shape));
    }
    JsonNode offsets = node.get("data_offsets");
    if (offsets == null
        || !offsets.isArray()
        || offsets.size() != 2
        || !offsets.get(0).isIntegralNumber()
        || !offsets.get(1).isIntegralNumber()) {
      throw corrupt("has no [begin, end] data_offsets for tensor '%s'", name);
    }
    long begin = offsets.get(0).longValue();
    long end = offsets.get(1).longValue();
    if (begin < 0 || end < begin || end > dataLength) {
      throw corrupt(
          "places tensor '%s' at bytes [%d, %d) but the data section has %d bytes (truncated file?)",
          name,
          begin,
          end,
          dataLength);
    }
    if (bytes != end - begin) {
      throw corrupt(
          "declares tensor '%s' as %s %s (%d bytes) but its data_offsets span %d bytes",
          name,
          dtype,
          Arrays.toString(shape),
          bytes,
          end - begin);
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  private void checkNoOverlap(java.util.Collection<TensorInfo> infos) {
    List<TensorInfo> sorted = new ArrayList<>(infos);
    sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    for (int i = 1; i < sorted.size(); i++) {
      TensorInfo previous = sorted.get(i - 1);
      TensorInfo current = sorted.get(i);
      if (current.begin() < previous.end()) {
        throw corrupt(
            "has overlapping data for tensors '%s' and '%s'", previous.name(), current.name());
      }
    }
  }

  private SqlscoreException corrupt(String format, Object... args) {
    return SqlscoreException.of(
        ErrorCode.CORRUPT_MODEL_PACKAGE,
        "weights %s %s",
        source,
        String.format(Locale.ROOT, format, args));
  }

  /** What the weights are called in messages (a path or a label). */
  public String source() {
    return source;
  }

  /** The tensor names, in header order. */
  public Set<String> names() {
    return tensors.keySet();
  }

  /** True when a tensor of that name exists. */
  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** The header entry of a tensor. */
  public TensorInfo info(String name) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw corrupt("has no tensor '%s'", name);
    }
    return info;
  }

  /** The {@code __metadata__} entries (string values). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The whole file, read-only, positioned at 0. */
  public ByteBuffer bytes() {
    return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Total size in bytes. */
  public int sizeBytes() {
    return buffer.limit();
  }

  private ByteBuffer slice(TensorInfo info) {
    return buffer
        .slice(dataStart + (int) info.begin(), (int) (info.end() - info.begin()))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  private TensorInfo infoOf(String name, DType... allowed) {
    TensorInfo info = info(name);
    for (DType dtype : allowed) {
      if (info.dtype() == dtype) {
        return info;
      }
    }
    throw corrupt("stores tensor '%s' as %s, expected %s", name, info.dtype(), Arrays.toString(allowed));
  }

  /** A read-only view of an F32 tensor's elements, row-major. */
  public FloatBuffer floatView(String name) {
    return slice(infoOf(name, DType.F32)).asFloatBuffer();
  }

  /** A copy of an F32 tensor's elements, row-major. */
  public float[] floats(String name) {
    FloatBuffer view = floatView(name);
    float[] out = new float[view.remaining()];
    view.get(out);
    return out;
  }

  /** A copy of an I64 or I32 tensor's elements as longs. */
  public long[] longs(String name) {
    TensorInfo info = infoOf(name, DType.I64, DType.I32);
    ByteBuffer data = slice(info);
    long[] out = new long[(int) info.elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = info.dtype() == DType.I64 ? data.getLong(i * 8) : data.getInt(i * 4);
    }
    return out;
  }

  /** A copy of an I32 or I64 tensor's elements as ints; I64 values must fit in an int. */
  public int[] ints(String name) {
    long[] wide = longs(name);
    int[] out = new int[wide.length];
    for (int i = 0; i < wide.length; i++) {
      if (wide[i] != (int) wide[i]) {
        throw corrupt("has value %d at index %d of tensor '%s', outside the int range", wide[i], i, name);
      }
      out[i] = (int) wide[i];
    }
    return out;
  }
}
