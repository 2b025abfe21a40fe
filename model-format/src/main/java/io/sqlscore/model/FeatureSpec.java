package io.sqlscore.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How one SQL column becomes one model field's (feature id, value) pair: an entry of
 * config.json {@code features} (PACKAGE.md).
 *
 * <p>Instances are immutable. {@link #describeType()} and {@link #describeNullPolicy()} give
 * the human description that DESCRIBE MODEL prints.
 */
public final class FeatureSpec {
  /** The three encodings of PACKAGE.md. */
  public enum Encoding {
    /** The column holds the global feature id (integer); value 1.0. */
    ID,
    /** The column's value (string, or integer as string) maps to an id; value 1.0. */
    VOCABULARY,
    /** A fixed id whose value is the column's number, optionally min-max scaled. */
    NUMERIC
  }

  private final String name;
  private final Encoding encoding;
  private final int minId;
  private final int maxId;
  private final Map<String, Integer> vocabulary;
  private final int oovId;
  private final int id;
  private final double min;
  private final double max;
  private final NullPolicy nullPolicy;

  private FeatureSpec(
      String name,
      Encoding encoding,
      int minId,
      int maxId,
      Map<String, Integer> vocabulary,
      int oovId,
      int id,
      double min,
      double max,
      NullPolicy nullPolicy) {
    this.name = Objects.requireNonNull(name, "name");
    this.encoding = encoding;
    this.minId = minId;
    this.maxId = maxId;
    this.vocabulary = vocabulary;
    this.oovId = oovId;
    this.id = id;
    this.min = min;
    this.max = max;
    this.nullPolicy = Objects.requireNonNull(nullPolicy, "nullPolicy");
  }

  /** An {@code id} feature accepting ids in {@code [minId, maxId]}. */
  public static FeatureSpec id(String name, int minId, int maxId, NullPolicy nullPolicy) {
    return new FeatureSpec(
        name, Encoding.ID, minId, maxId, Map.of(), -1, -1, Double.NaN, Double.NaN, nullPolicy);
  }

  /** A {@code vocabulary} feature: string form to id, unseen values to {@code oovId}. */
  public static FeatureSpec vocabulary(
      String name, Map<String, Integer> vocabulary, int oovId, NullPolicy nullPolicy) {
    Map<String, Integer> copy = Collections.unmodifiableMap(new LinkedHashMap<>(vocabulary));
    return new FeatureSpec(
        name, Encoding.VOCABULARY, -1, -1, copy, oovId, -1, Double.NaN, Double.NaN, nullPolicy);
  }

  /**
   * A {@code numeric} feature with id {@code id}; {@code min} and {@code max} are both NaN (raw
   * value) or both finite with {@code min < max} (value scaled to {@code (x-min)/(max-min)}).
   */
  public static FeatureSpec numeric(
      String name, int id, double min, double max, NullPolicy nullPolicy) {
    return new FeatureSpec(name, Encoding.NUMERIC, -1, -1, Map.of(), -1, id, min, max, nullPolicy);
  }

  /** The feature's name: the SQL column name it binds to by default. */
  public String name() {
    return name;
  }

  /** The encoding. */
  public Encoding encoding() {
    return encoding;
  }

  /** Smallest accepted id ({@link Encoding#ID}). */
  public int minId() {
    return minId;
  }

  /** Largest accepted id ({@link Encoding#ID}). */
  public int maxId() {
    return maxId;
  }

  /** String form to id ({@link Encoding#VOCABULARY}); empty for the other encodings. */
  public Map<String, Integer> vocabulary() {
    return vocabulary;
  }

  /** The id of unseen values ({@link Encoding#VOCABULARY}). */
  public int oovId() {
    return oovId;
  }

  /** The id of a value: the vocabulary's id for {@code key}, or the oov id. */
  public int lookup(String key) {
    Integer found = vocabulary.get(key);
    return found == null ? oovId : found;
  }

  /** The feature id of a {@link Encoding#NUMERIC} feature. */
  public int id() {
    return id;
  }

  /** True when a numeric feature scales its value by {@code min} and {@code max}. */
  public boolean hasRange() {
    return !Double.isNaN(min);
  }

  /** The scaling minimum (NaN without a range). */
  public double min() {
    return min;
  }

  /** The scaling maximum (NaN without a range). */
  public double max() {
    return max;
  }

  /** The numeric value fed to the model for {@code x}: scaled in double, rounded to float. */
  public float scale(double x) {
    return hasRange() ? (float) ((x - min) / (max - min)) : (float) x;
  }

  /** What a SQL NULL becomes. */
  public NullPolicy nullPolicy() {
    return nullPolicy;
  }

  /** A one-line human description of the encoding, e.g. {@code vocabulary of 8 values}. */
  public String describeType() {
    switch (encoding) {
      case ID:
        return String.format(Locale.ROOT, "id in [%d, %d]", minId, maxId);
      case VOCABULARY:
        return String.format(
            Locale.ROOT, "vocabulary of %d values, other values -> id %d", vocabulary.size(), oovId);
      default:
        return hasRange()
            ? String.format(
                Locale.ROOT,
                "numeric, id %d, value (x - %s) / (%s - %s)",
                id,
                formatNumber(min),
                formatNumber(max),
                formatNumber(min))
            : String.format(Locale.ROOT, "numeric, id %d, value x", id);
    }
  }

  /** A one-line human description of the NULL policy, e.g. {@code NULL is an error}. */
  public String describeNullPolicy() {
    switch (nullPolicy.kind()) {
      case ERROR:
        return "NULL is an error";
      case OOV:
        return String.format(Locale.ROOT, "NULL -> id %d", oovId);
      default:
        return encoding == Encoding.ID
            ? String.format(Locale.ROOT, "NULL -> id %d", (long) nullPolicy.defaultValue())
            : String.format(Locale.ROOT, "NULL -> value %s", formatNumber(nullPolicy.defaultValue()));
    }
  }

  @Override
  public String toString() {
    return name + ": " + describeType() + "; " + describeNullPolicy();
  }

  static String formatNumber(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** This feature as a config.json {@code features} entry (what {@link #parse} reads back). */
  ObjectNode toJson(ObjectMapper json) {
    ObjectNode node = json.createObjectNode();
    node.put("name", name);
    switch (encoding) {
      case ID -> {
        node.put("encoding", "id");
        node.put("min_id", minId);
        node.put("max_id", maxId);
      }
      case VOCABULARY -> {
        node.put("encoding", "vocabulary");
        ObjectNode vocab = node.putObject("vocabulary");
        vocabulary.forEach(vocab::put);
        node.put("oov_id", oovId);
      }
      default -> {
        node.put("encoding", "numeric");
        node.put("id", id);
        if (hasRange()) {
          node.put("min", min);
          node.put("max", max);
        }
      }
    }
    switch (nullPolicy.kind()) {
      case ERROR -> node.put("null", "error");
      case OOV -> node.put("null", "oov");
      default -> node.putObject("null").put("default", nullPolicy.defaultValue());
    }
    return node;
  }

  /** Parses and validates entry {@code index} of {@code features} against {@code nfeat}. */
  static FeatureSpec parse(JsonNode node, int index, int nfeat) {
    String path = "features[" + index + "]";
    if (!node.isObject()) {
      throw JsonFields.bad(path, "must be an object, found %s", node);
    }
    String name = JsonFields.requireString(node, "name", path + ".name");
    if (name.isBlank()) {
      throw JsonFields.bad(path + ".name", "must not be blank");
    }
    String where = path + " (" + name + ")";
    String encodingName = JsonFields.requireString(node, "encoding", where + ".encoding");
    long lastId = nfeat - 1L;
    switch (encodingName) {
      case "id":
        {
          int minId = JsonFields.requireInt(node, "min_id", where + ".min_id", 0, lastId);
          int maxId = JsonFields.requireInt(node, "max_id", where + ".max_id", minId, lastId);
          NullPolicy policy = parseNullPolicy(node, where, NullPolicy.ERROR, false);
          if (policy.kind() == NullPolicy.Kind.DEFAULT) {
            double x = policy.defaultValue();
            if (x != Math.rint(x) || x < 0 || x > lastId) {
              throw JsonFields.bad(where + ".null.default", "must be a feature id in [0, %d]", lastId);
            }
          }
          return id(name, minId, maxId, policy);
        }
      case "vocabulary":
        {
          JsonNode vocab = JsonFields.required(node, "vocabulary", where + ".vocabulary");
          if (!vocab.isObject() || vocab.isEmpty()) {
            throw JsonFields.bad(where + ".vocabulary", "must be a non-empty object of value: id");
          }
          Map<String, Integer> map = new LinkedHashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            map.put(
                entry.getKey(),
                JsonFields.toInt(
                    entry.getValue(),
                    where + ".vocabulary[\"" + entry.getKey() + "\"]",
                    0,
                    lastId));
          }
          int oovId = JsonFields.requireInt(node, "oov_id", where + ".oov_id", 0, lastId);
          NullPolicy policy = parseNullPolicy(node, where, NullPolicy.OOV, true);
          if (policy.kind() == NullPolicy.Kind.DEFAULT) {
            throw JsonFields.bad(where + ".null", "of a vocabulary feature must be \"oov\" or \"error\"");
          }
          return vocabulary(name, map, oovId, policy);
        }
      case "numeric":
        {
          int featureId = JsonFields.requireInt(node, "id", where + ".id", 0, lastId);
          JsonNode minNode = node.get("min");
          JsonNode maxNode = node.get("max");
          if ((minNode == null) != (maxNode == null)) {
            throw JsonFields.bad(where, "needs both 'min' and 'max' or neither");
          }
          double min = Double.NaN;
          double max = Double.NaN;
          if (minNode != null) {
            min = JsonFields.toFiniteDouble(minNode, where + ".min");
            max = JsonFields.toFiniteDouble(maxNode, where + ".max");
            if (!(max > min)) {
              throw JsonFields.bad(where + ".max", "must be greater than min (%s)", formatNumber(min));
            }
          }
          NullPolicy policy = parseNullPolicy(node, where, NullPolicy.ERROR, false);
          return numeric(name, featureId, min, max, policy);
        }
      default:
        throw JsonFields.bad(
            where + ".encoding", "must be \"id\", \"vocabulary\" or \"numeric\", found \"%s\"", encodingName);
    }
  }

  private static NullPolicy parseNullPolicy(
      JsonNode node, String where, NullPolicy fallback, boolean oovAllowed) {
    JsonNode policy = node.get("null");
    String path = where + ".null";
    if (policy == null) {
      return fallback;
    }
    if (policy.isTextual() && policy.textValue().equals("error")) {
      return NullPolicy.ERROR;
    }
    if (policy.isTextual() && policy.textValue().equals("oov")) {
      if (!oovAllowed) {
        throw JsonFields.bad(path, "\"oov\" is only valid for vocabulary features");
      }
      return NullPolicy.OOV;
    }
    if (policy.isObject() && policy.size() == 1 && policy.has("default")) {
      return NullPolicy.defaultValue(JsonFields.toFiniteDouble(policy.get("default"), path + ".default"));
    }
    throw JsonFields.bad(path, "must be \"error\", \"oov\" or {\"default\": x}, found %s", policy);
  }
}
