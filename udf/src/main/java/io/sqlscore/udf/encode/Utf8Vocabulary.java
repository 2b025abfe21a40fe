package io.sqlscore.udf.encode;

import io.sqlscore.model.FeatureSpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A {@code vocabulary} feature's lookup on the UTF-8 bytes of a string column, so that encoding
 * a string cell neither copies it into a {@code byte[]} nor decodes it into a {@link String}: an
 * open-addressing table of the vocabulary's keys as UTF-8 bytes. For valid UTF-8 (all a SQL
 * VARCHAR holds) it gives the id {@link FeatureSpec#lookup} gives for the decoded string.
 * Immutable and thread-safe.
 */
final class Utf8Vocabulary {
  private final byte[][] keys;
  private final int[] ids;
  private final int mask;
  private final int oovId;
  private final int longestKey;

  Utf8Vocabulary(FeatureSpec spec) {
    Map<String, Integer> vocabulary = spec.vocabulary();
    int capacity = Integer.highestOneBit(Math.max(4, vocabulary.size() * 2 - 1)) << 1;
    keys = new byte[capacity][];
    ids = new int[capacity];
    mask = capacity - 1;
    oovId = spec.oovId();
    int longest = 0;
    for (Map.Entry<String, Integer> entry : vocabulary.entrySet()) {
      byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
      longest = Math.max(longest, key.length);
      int slot = hash(key, 0, key.length) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = key;
      ids[slot] = entry.getValue();
    }
    longestKey = longest;
  }

  /** The longest key's length in bytes: a value longer than this is out of vocabulary. */
  int longestKey() {
    return longestKey;
  }

  /** The id of the value held in {@code bytes[from, from + length)}, or the oov id. */
  int lookup(byte[] bytes, int from, int length) {
    if (length > longestKey) {
      return oovId;
    }
    for (int slot = hash(bytes, from, length) & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        return oovId;
      }
      if (key.length == length && Arrays.equals(key, 0, length, bytes, from, from + length)) {
        return ids[slot];
      }
    }
  }

  private static int hash(byte[] bytes, int from, int length) {
    int h = 0x811C9DC5;
    for (int i = from; i < from + length; i++) {
      h = (h ^ bytes[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
