package io.sqlscore.udf.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.NullPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

class Utf8VocabularyTest {
  /**
   * Keys of every length from 0 to 40 bytes, among them keys that share their length, first eight
   * and last eight bytes and differ only in the middle, and multi-byte characters.
   */
  private static Map<String, Integer> keys() {
    List<String> keys = new ArrayList<>();
    for (int length = 0; length <= 40; length++) {
      keys.add("k".repeat(length));
      keys.add("x".repeat(length));
    }
    for (int length = 17; length <= 40; length++) {
      for (char middle = 'a'; middle <= 'c'; middle++) {
        keys.add("HEADHEAD" + String.valueOf(middle).repeat(length - 16) + "TAILTAIL");
      }
    }
    keys.add("Bogot\u00e1");
    keys.add("\u6771\u4eac");
    keys.add("K\u00f8benhavn \ud83d\udeb2 and a longer name");
    Map<String, Integer> vocabulary = new LinkedHashMap<>();
    for (String key : keys) {
      vocabulary.putIfAbsent(key, vocabulary.size());
    }
    return vocabulary;
  }

  /** Every key, and every key with one of its bytes changed, one shorter and one longer. */
  private static List<byte[]> probes(Map<String, Integer> vocabulary) {
    List<byte[]> probes = new ArrayList<>();
    for (String key : vocabulary.keySet()) {
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      probes.add(bytes);
      for (int i = 0; i < bytes.length; i++) {
        byte[] changed = bytes.clone();
        changed[i] ^= 0x01;
        probes.add(changed);
      }
      if (bytes.length > 0) {
        probes.add(Arrays.copyOf(bytes, bytes.length - 1));
      }
      probes.add(Arrays.copyOf(bytes, bytes.length + 1));
    }
    return probes;
  }

  @Test
  void findsEveryKeyAndNothingElseInBytesAndInArrowBuffers() {
    Map<String, Integer> keys = keys();
    FeatureSpec spec = FeatureSpec.vocabulary("f", keys, keys.size(), NullPolicy.OOV);
    Utf8Vocabulary vocabulary = new Utf8Vocabulary(spec);
    List<byte[]> probes = probes(keys);
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector strings = new VarCharVector("f", allocator)) {
      strings.allocateNew();
      for (int r = 0; r < probes.size(); r++) {
        strings.setSafe(r, probes.get(r));
      }
      strings.setValueCount(probes.size());
      Set<Integer> found = new HashSet<>();
      for (int r = 0; r < probes.size(); r++) {
        byte[] probe = probes.get(r);
        int expected = spec.lookup(new String(probe, StandardCharsets.UTF_8));
        byte[] padded = new byte[probe.length + 5];
        System.arraycopy(probe, 0, padded, 3, probe.length);
        assertEquals(expected, vocabulary.lookup(padded, 3, probe.length), "bytes " + r);
        assertEquals(expected, vocabulary.lookup(strings.getDataBuffer(), strings.getStartOffset(r), probe.length),
            "Arrow buffer " + r);
        found.add(expected);
      }
      assertEquals(keys.size() + 1, found.size(), "every key and the oov id");
    }
  }

  @Test
  void readsAShortLastValueWithoutPassingTheBufferEnd() {
    FeatureSpec spec = FeatureSpec.vocabulary("f", Map.of("ab", 0), 1, NullPolicy.OOV);
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector strings = new VarCharVector("f", allocator)) {
      strings.allocateNew(2, 1);
      strings.setSafe(0, "ab".getBytes(StandardCharsets.UTF_8));
      strings.setValueCount(1);
      long end = strings.getDataBuffer().capacity();
      strings.getDataBuffer().setBytes(end - 2, "ab".getBytes(StandardCharsets.UTF_8));
      assertEquals(0, new Utf8Vocabulary(spec).lookup(strings.getDataBuffer(), end - 2, 2));
    }
  }
}
