package io.sqlscore.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;

/** Typed reads of config.json keys that fail with CORRUPT_MODEL_PACKAGE naming the key. */
final class JsonFields {
  private JsonFields() {}

  static SqlscoreException bad(String key, String problem, Object... args) {
    return SqlscoreException.of(
        ErrorCode.CORRUPT_MODEL_PACKAGE,
        "config.json key '%s' %s",
        key,
        String.format(java.util.Locale.ROOT, problem, args));
  }

  static JsonNode required(JsonNode parent, String key, String path) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      throw bad(path, "is missing");
    }
    return node;
  }

  static int requireInt(JsonNode parent, String key, String path, long min, long max) {
    return toInt(required(parent, key, path), path, min, max);
  }

  static int toInt(JsonNode node, String path, long min, long max) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw bad(path, "must be an integer, found %s", node);
    }
    long value = node.longValue();
    if (value < min || value > max) {
      throw bad(path, "must be in [%d, %d], found %d", min, max, value);
    }
    return (int) value;
  }

  static double toFiniteDouble(JsonNode node, String path) {
    if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
      throw bad(path, "must be a finite number, found %s", node);
    }
    return node.doubleValue();
  }

  static String requireString(JsonNode parent, String key, String path) {
    JsonNode node = required(parent, key, path);
    if (!node.isTextual()) {
      throw bad(path, "must be a string, found %s", node);
    }
    return node.textValue();
  }
}
