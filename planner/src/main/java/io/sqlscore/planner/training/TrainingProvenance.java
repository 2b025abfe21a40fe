package io.sqlscore.planner.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads back what a trained version's metrics.json says about its training, for DESCRIBE
 * MODEL: the {@code training} object (query, label, row counts, content hash, seconds,
 * options) and the {@code test} metrics, one name and value per line.
 */
public final class TrainingProvenance {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingProvenance() {}

  /** The lines, in order; none for an imported version or metrics that are not JSON. */
  public static Map<String, String> rows(String metricsJson) {
    Map<String, String> rows = new LinkedHashMap<>();
    JsonNode root;
    try {
      root = JSON.readTree(metricsJson);
    } catch (IOException e) {
      return rows;
    }
    if (root == null || !root.has("training")) {
      return rows;
    }
    add(rows, "", root.get("training"));
    if (root.has("test")) {
      add(rows, "test_", root.get("test"));
    }
    return rows;
  }

  private static void add(Map<String, String> rows, String prefix, JsonNode object) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      rows.put(prefix + field.getKey(), value.isValueNode() ? value.asText() : value.toString());
    }
  }
}
