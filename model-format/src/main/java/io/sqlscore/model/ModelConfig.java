package io.sqlscore.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed and validated {@code config.json}: the model kind, task, every hyperparameter of
 * MODELS.md, and the feature list (absent in raw test-vector configs).
 *
 * <p>Hyperparameters that a kind does not use read as 0 (or an empty {@link #attnDims()}).
 * Unknown keys are kept in {@link #rawJson()} and the canonical form but otherwise ignored.
 */
public final class ModelConfig {
  /** The {@code format} value this reader understands; configs without {@code format} pass. */
  public static final String FORMAT = "sqlscore-model/1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DIM = 1 << 24;

  private final ModelKind kind;
  private final Task task;
  private final int nfield;
  private final int nfeat;
  private final int nemb;
  private final int nhead;
  private final int nhid;
  private final double alpha;
  private final int mlpLayers;
  private final int mlpHidden;
  private final int deepLayers;
  private final int deepHidden;
  private final int[] attnDims;
  private final List<FeatureSpec> features;
  private final String description;
  private final byte[] rawJson;
  private final String canonicalJson;

  private ModelConfig(JsonNode root, byte[] rawJson) {
    this.rawJson = rawJson.clone();
    this.canonicalJson = canonicalize(root);
    String kindName = JsonFields.requireString(root, "model_kind", "model_kind");
    this.kind =
        ModelKind.fromConfigName(kindName)
            .orElseThrow(
                () ->
                    JsonFields.bad(
                        "model_kind",
                        "must be armnet, armnet_plus, autoint or autoint_plus, found \"%s\"",
                        kindName));
    JsonNode format = root.get("format");
    if (format != null && !FORMAT.equals(format.asText())) {
      throw JsonFields.bad("format", "must be \"%s\", found %s", FORMAT, format);
    }
    JsonNode taskNode = root.get("task");
    if (taskNode == null || taskNode.isNull()) {
      this.task = Task.BINARY;
    } else {
      String taskName = taskNode.asText();
      this.task =
          Task.fromConfigName(taskNode.isTextual() ? taskName : "")
              .orElseThrow(
                  () -> JsonFields.bad("task", "must be \"binary\" or \"regression\", found %s", taskNode));
    }
    this.nfield = JsonFields.requireInt(root, "nfield", "nfield", 1, MAX_DIM);
    this.nfeat = JsonFields.requireInt(root, "nfeat", "nfeat", 1, Integer.MAX_VALUE);
    this.nemb = JsonFields.requireInt(root, "nemb", "nemb", 1, MAX_DIM);
    this.nhead = JsonFields.requireInt(root, "nhead", "nhead", 1, MAX_DIM);
    if (kind.isArmNet()) {
      this.nhid = JsonFields.requireInt(root, "nhid", "nhid", 1, MAX_DIM);
      JsonNode alphaNode = JsonFields.required(root, "alpha", "alpha");
      this.alpha = JsonFields.toFiniteDouble(alphaNode, "alpha");
      if (!(alpha >= 1.0)) {
        throw JsonFields.bad("alpha", "must be >= 1.0 (1.0 = softmax), found %s", alphaNode);
      }
      this.mlpLayers = JsonFields.requireInt(root, "mlp_nlayer", "mlp_nlayer", 0, 1024);
      this.mlpHidden =
          mlpLayers == 0 ? 0 : JsonFields.requireInt(root, "mlp_nhid", "mlp_nhid", 1, MAX_DIM);
      this.attnDims = new int[0];
    } else {
      this.nhid = 0;
      this.alpha = 0;
      this.mlpLayers = 0;
      this.mlpHidden = 0;
      this.attnDims = parseAttnDims(root, nhead);
    }
    if (kind.hasDeepBranch()) {
      this.deepLayers = JsonFields.requireInt(root, "deep_nlayer", "deep_nlayer", 0, 1024);
      this.deepHidden =
          deepLayers == 0 ? 0 : JsonFields.requireInt(root, "deep_nhid", "deep_nhid", 1, MAX_DIM);
    } else {
      this.deepLayers = 0;
      this.deepHidden = 0;
    }
    this.features = parseFeatures(root.get("features"), nfield, nfeat);
    JsonNode descriptionNode = root.get("description");
    this.description = descriptionNode != null && descriptionNode.isTextual() ? descriptionNode.textValue() : "";
  }

  /**
   * Parses and validates config.json bytes (UTF-8 JSON).
   *
   * @throws SqlscoreException CORRUPT_MODEL_PACKAGE naming the missing or bad key
   */
  public static ModelConfig parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new SqlscoreException(
          ErrorCode.CORRUPT_MODEL_PACKAGE, "config.json is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw SqlscoreException.of(ErrorCode.CORRUPT_MODEL_PACKAGE, "config.json must hold a JSON object");
    }
    return new ModelConfig(root, json);
  }

  private static int[] parseAttnDims(JsonNode root, int heads) {
    JsonNode node = JsonFields.required(root, "attn_dims", "attn_dims");
    if (!node.isArray() || node.isEmpty()) {
      throw JsonFields.bad("attn_dims", "must be a non-empty array of layer widths, found %s", node);
    }
    int[] dims = new int[node.size()];
    for (int l = 0; l < dims.length; l++) {
      String path = "attn_dims[" + l + "]";
      dims[l] = JsonFields.toInt(node.get(l), path, 1, MAX_DIM);
      if (dims[l] % heads != 0) {
        throw JsonFields.bad(path, "(%d) must be divisible by nhead (%d)", dims[l], heads);
      }
    }
    return dims;
  }

  /**
   * Builds and validates a config from values: {@code hyperparameters} are config.json
   * top-level keys with JSON-able values (Integer, Double, String, List; the engine's
   * {@code Hyperparameters.resolve} gives them, {@code model_kind}, {@code nfield} and
   * {@code nfeat} included), {@code features} the fields in order (may be empty). The config.json
   * written is indented JSON with {@code format}, {@code model_kind} and {@code task} first.
   *
   * @throws SqlscoreException CORRUPT_MODEL_PACKAGE naming the key when the values do not make a
   *     valid config (as {@link #parse} would for the same JSON)
   */
  public static ModelConfig of(ModelKind kind, Task task, java.util.Map<String, ?> hyperparameters, List<FeatureSpec> features) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("model_kind", kind.configName());
    root.put("task", task.configName());
    for (java.util.Map.Entry<String, ?> entry : hyperparameters.entrySet()) {
      if (!Set.of("format", "model_kind", "task", "features").contains(entry.getKey())) {
        root.set(entry.getKey(), JSON.valueToTree(entry.getValue()));
      }
    }
    if (!features.isEmpty()) {
      ArrayNode list = root.putArray("features");
      features.forEach(spec -> list.add(spec.toJson(JSON)));
    }
    try {
      return parse(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (JsonProcessingException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "cannot write config JSON", e);
    }
  }

  private static List<FeatureSpec> parseFeatures(JsonNode node, int nfield, int nfeat) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw JsonFields.bad("features", "must be an array, found %s", node.getNodeType());
    }
    if (node.size() != nfield) {
      throw JsonFields.bad("features", "has %d entries but nfield is %d", node.size(), nfield);
    }
    List<FeatureSpec> specs = new ArrayList<>(nfield);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < nfield; i++) {
      FeatureSpec spec = FeatureSpec.parse(node.get(i), i, nfeat);
      if (!names.add(spec.name().toLowerCase(Locale.ROOT))) {
        throw JsonFields.bad("features[" + i + "].name", "\"%s\" is used by two features", spec.name());
      }
      specs.add(spec);
    }
    return List.copyOf(specs);
  }

  private static String canonicalize(JsonNode root) {
    try {
      return JSON.writeValueAsString(sorted(root));
    } catch (JsonProcessingException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "cannot write canonical config JSON", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        fields.put(name, sorted(node.get(name)));
      }
      ObjectNode copy = JSON.createObjectNode();
      fields.forEach(copy::set);
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** The model architecture. */
  public ModelKind kind() {
    return kind;
  }

  /** Binary (score = sigmoid) or regression (score = logit). */
  public Task task() {
    return task;
  }

  /** F: number of fields. */
  public int nfield() {
    return nfield;
  }

  /** N: size of the global feature-id space. */
  public int nfeat() {
    return nfeat;
  }

  /** E: embedding size. */
  public int nemb() {
    return nemb;
  }

  /** K (ARM-Net attention heads) or H (AutoInt heads). */
  public int nhead() {
    return nhead;
  }

  /** O: ARM-Net exponential neurons per head; 0 for AutoInt. */
  public int nhid() {
    return nhid;
  }

  /** ARM-Net entmax alpha (1.0 = softmax); 0 for AutoInt. */
  public double alpha() {
    return alpha;
  }

  /** ARM-Net MLP hidden layers L1; 0 for AutoInt. */
  public int mlpLayers() {
    return mlpLayers;
  }

  /** ARM-Net MLP hidden width H1 (0 when there are no hidden layers). */
  public int mlpHidden() {
    return mlpHidden;
  }

  /** DNN branch hidden layers L2 of the "+" kinds; 0 otherwise. */
  public int deepLayers() {
    return deepLayers;
  }

  /** DNN branch hidden width H2 (0 when there are no hidden layers or no branch). */
  public int deepHidden() {
    return deepHidden;
  }

  /** AutoInt widths d_l of the interacting layers (a copy); empty for ARM-Net. */
  public int[] attnDims() {
    return attnDims.clone();
  }

  /** True when the config lists features, so the model can be scored from SQL columns. */
  public boolean hasFeatures() {
    return !features.isEmpty();
  }

  /** The features in field order: {@link #nfield()} entries, or none. */
  public List<FeatureSpec> features() {
    return features;
  }

  /** The informative {@code description}, or an empty string. */
  public String description() {
    return description;
  }

  /** The config.json bytes as given (a copy). */
  public byte[] rawJson() {
    return rawJson.clone();
  }

  /** The config as JSON with keys sorted at every level and no whitespace: its identity. */
  public String canonicalJson() {
    return canonicalJson;
  }

  /** {@link #canonicalJson()} as UTF-8 bytes. */
  public byte[] canonicalJsonBytes() {
    return canonicalJson.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return kind.configName() + "(nfield=" + nfield + ", nfeat=" + nfeat + ", nemb=" + nemb + ")";
  }
}
