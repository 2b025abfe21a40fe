package io.sqlscore.udf.encode;

import io.sqlscore.model.FeatureSpec;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A {@code vocabulary} feature's lookup on the UTF-8 bytes of a string, read where they lie (an
 * Arrow data buffer or a {@code byte[]}), so that encoding a string cell neither copies it nor
 * decodes it into a {@link String}. For valid UTF-8 (all a SQL VARCHAR holds) it gives the id
 * {@link FeatureSpec#lookup} gives for the decoded string.
 *
 * <p>An open-addressing table keyed by a string's length, its first eight bytes and its last eight
 * bytes (read as two {@code long}s; a string shorter than eight bytes is its bytes packed into the
 * first): these three identify a string of up to 16 bytes, so most cells are matched by comparing
 * three numbers, and only a longer string's middle bytes are compared after that. Immutable and
 * thread-safe.
 */
final class Utf8Vocabulary {
  /** A slot's length when it holds no key. */
  private static final int EMPTY = -1;
  /** Strings up to this length are told apart by their length, first and last eight bytes alone. */
  private static final int COVERED = 16;
  /** Longs read from a {@code byte[]} in the byte order {@link ArrowBuf#getLong} reads memory in. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private final int[] lengths;
  private final long[] heads;
  private final long[] tails;
  private final byte[][] keys;
  private final int[] ids;
  private final int mask;
  private final int oovId;
  private final int longestKey;

  Utf8Vocabulary(FeatureSpec spec) {
    Map<String, Integer> vocabulary = spec.vocabulary();
    int capacity = Integer.highestOneBit(Math.max(4, vocabulary.size() * 2 - 1)) << 1;
    lengths = new int[capacity];
    Arrays.fill(lengths, EMPTY);
    heads = new long[capacity];
    tails = new long[capacity];
    keys = new byte[capacity][];
    ids = new int[capacity];
    mask = capacity - 1;
    oovId = spec.oovId();
    int longest = 0;
    for (Map.Entry<String, Integer> entry : vocabulary.entrySet()) {
      byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
      longest = Math.max(longest, key.length);
      long head = head(key, 0, key.length);
      long tail = tail(key, 0, key.length);
      int slot = hash(key.length, head, tail) & mask;
      while (lengths[slot] != EMPTY) {
        slot = (slot + 1) & mask;
      }
      lengths[slot] = key.length;
      heads[slot] = head;
      tails[slot] = tail;
      keys[slot] = key;
      ids[slot] = entry.getValue();
    }
    longestKey = longest;
  }

  /** The id of the value held in {@code bytes[from, from + length)}, or the oov id. */
  int lookup(byte[] bytes, int from, int length) {
    return length > longestKey ? oovId : find(length, head(bytes, from, length), tail(bytes, from, length), bytes, from);
  }

  /** The id of the value held in {@code data[start, start + length)}, or the oov id. */
  int lookup(ArrowBuf data, long start, int length) {
    return length > longestKey ? oovId : find(length, head(data, start, length), tail(data, start, length), data, start);
  }

  /**
   * The id of the key with this length, head and tail, whose middle bytes (for a key over 16
   * bytes) equal those of the value at {@code offset} in {@code source} (a {@code byte[]} or an
   * {@link ArrowBuf}); else the oov id.
   */
  private int find(int length, long head, long tail, Object source, long offset) {
    for (int slot = next(hash(length, head, tail) & mask, length, head, tail); slot >= 0;
        slot = next((slot + 1) & mask, length, head, tail)) {
      if (length <= COVERED || middleEquals(keys[slot], source, offset)) {
        return ids[slot];
      }
    }
    return oovId;
  }

  /** The first slot from {@code slot} on whose key has this length, head and tail; -1 at an empty slot. */
  private int next(int slot, int length, long head, long tail) {
    for (; lengths[slot] != EMPTY; slot = (slot + 1) & mask) {
      if (lengths[slot] == length && heads[slot] == head && tails[slot] == tail) {
        return slot;
      }
    }
    return -1;
  }

  private static int hash(int length, long head, long tail) {
    long h = (head ^ Long.rotateLeft(tail, 29) ^ length) * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private static long head(byte[] bytes, int from, int length) {
    if (length >= Long.BYTES) {
      return (long) LONGS.get(bytes, from);
    }
    long packed = 0;
    for (int i = 0; i < length; i++) {
      packed |= (bytes[from + i] & 0xFFL) << (8 * i);
    }
    return packed;
  }

  private static long head(ArrowBuf data, long start, int length) {
    if (length >= Long.BYTES) {
      return data.getLong(start);
    }
    long packed = 0;
    for (int i = 0; i < length; i++) {
      packed |= (data.getByte(start + i) & 0xFFL) << (8 * i);
    }
    return packed;
  }

  private static long tail(byte[] bytes, int from, int length) {
    return length > Long.BYTES ? (long) LONGS.get(bytes, from + length - Long.BYTES) : 0;
  }

  private static long tail(ArrowBuf data, long start, int length) {
    return length > Long.BYTES ? data.getLong(start + length - Long.BYTES) : 0;
  }

  /** Whether the bytes between the head and the tail of {@code key} (over 16 bytes) equal the value's. */
  private static boolean middleEquals(byte[] key, Object source, long offset) {
    for (int i = Long.BYTES; i < key.length - Long.BYTES; i += Long.BYTES) {
      long word = source instanceof ArrowBuf data
          ? data.getLong(offset + i) : (long) LONGS.get((byte[]) source, (int) offset + i);
      if (word != (long) LONGS.get(key, i)) {
        return false;
      }
    }
    return true;
  }
}
