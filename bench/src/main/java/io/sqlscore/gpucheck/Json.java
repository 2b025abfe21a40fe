package io.sqlscore.gpucheck;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The check's output: one JSON object per line on standard output. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** A new line whose {@code case} is {@code kind}. */
  static ObjectNode line(String kind) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("case", kind);
    return node;
  }

  static void print(ObjectNode line) {
    System.out.println(line.toString());
    System.out.flush();
  }
}
