package io.sqlscore.cli.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * What a job is, as recorded by its first run in the output (the manifest's first line, or a
 * row of the jobs table): the options that define its output, the model version it scores with
 * (resolved once: a resumed job keeps it even if the alias has moved), its input's segments, and
 * the number of chunks.
 *
 * @param arguments the options that define the output ({@link ScoreOptions#identity()})
 * @param model the model version
 * @param input the input's segments in the stable order
 * @param chunks the number of chunks
 */
record JobRecord(Map<String, String> arguments, ModelVersion model, List<Segment> input, int chunks) {
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A model version.
   *
   * @param name the model's name in the registry
   * @param version the version number
   * @param sha256 the package identity
   */
  record ModelVersion(String name, long version, String sha256) {
    /** {@code name@version}. */
    String label() {
      return name + "@" + version;
    }
  }

  /** The rows the job scores. */
  long totalRows() {
    return input.stream().mapToLong(Segment::rows).sum();
  }

  /** The record as JSON. */
  ObjectNode toJson() {
    ObjectNode json = JSON.createObjectNode();
    json.put("type", "job");
    ObjectNode args = json.putObject("arguments");
    arguments.forEach(args::put);
    ObjectNode m = json.putObject("model");
    m.put("name", model.name());
    m.put("version", model.version());
    m.put("sha256", model.sha256());
    ArrayNode segments = json.putArray("input");
    for (Segment segment : input) {
      segments.addObject().put("source", segment.source()).put("positions", segment.positions())
          .put("rows", segment.rows());
    }
    json.put("chunks", chunks);
    json.put("total_rows", totalRows());
    return json;
  }

  /** Reads a record written by {@link #toJson()}. */
  static JobRecord fromJson(JsonNode json) {
    Map<String, String> arguments = new LinkedHashMap<>();
    json.get("arguments").fields().forEachRemaining(e -> arguments.put(e.getKey(), e.getValue().asText()));
    JsonNode m = json.get("model");
    List<Segment> input = new ArrayList<>();
    for (JsonNode segment : json.get("input")) {
      input.add(new Segment(segment.get("source").asText(), segment.get("positions").asLong(),
          segment.get("rows").asLong()));
    }
    return new JobRecord(arguments, new ModelVersion(m.get("name").asText(), m.get("version").asLong(),
        m.get("sha256").asText()), input, json.get("chunks").asInt());
  }

  /**
   * Why a run with {@code rerun}'s arguments and input cannot resume this job, if it cannot:
   * the options that differ, or how the input changed.
   */
  Optional<String> conflict(JobRecord rerun) {
    StringJoiner differences = new StringJoiner("; ");
    for (Map.Entry<String, String> entry : arguments.entrySet()) {
      String now = rerun.arguments.getOrDefault(entry.getKey(), "");
      if (!now.equals(entry.getValue())) {
        differences.add(String.format(Locale.ROOT, "--%s was '%s', now '%s'",
            entry.getKey().replace('_', '-'), entry.getValue(), now));
      }
    }
    if (differences.length() > 0) {
      return Optional.of("it was started with other options (" + differences + ")");
    }
    if (!input.equals(rerun.input)) {
      return Optional.of(String.format(Locale.ROOT,
          "its input changed: %d sources with %,d rows to score then, %d with %,d now",
          input.size(), totalRows(), rerun.input.size(), rerun.totalRows()));
    }
    return Optional.empty();
  }
}
