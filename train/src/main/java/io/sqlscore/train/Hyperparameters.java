package io.sqlscore.train;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hyperparameter defaults per kind, scaled to the data, overridable by {@code USING kind (k = v,
 * ...)}.
 *
 * <p>The defaults are the reference recipes (the ARM-Net paper's and repository's settings, as
 * the bundled models were trained), in two sizes chosen by the size of the feature space: up to
 * {@value #SMALL_NFEAT} features (Adult-like tables) they are the Adult models' settings, above
 * it the Frappe models'.
 *
 * <table>
 *   <caption>defaults (small / large feature space)</caption>
 *   <tr><th>key</th><th>armnet</th><th>armnet_plus</th><th>autoint</th><th>autoint_plus</th></tr>
 *   <tr><td>nemb</td><td>8 / 10</td><td>8 / 10</td><td>8 / 10</td><td>8 / 10</td></tr>
 *   <tr><td>nhead</td><td>4 / 8</td><td>4 / 4</td><td>2 / 2</td><td>2 / 2</td></tr>
 *   <tr><td>nhid</td><td>8 / 32</td><td>8 / 4</td><td></td><td></td></tr>
 *   <tr><td>alpha</td><td>1.7 / 2.0</td><td>1.7 / 1.5</td><td></td><td></td></tr>
 *   <tr><td>mlp_nlayer, mlp_nhid</td><td>2, 64 / 2, 256</td><td>2, 64 / 2, 256</td><td></td><td></td></tr>
 *   <tr><td>deep_nlayer, deep_nhid</td><td></td><td>2, 64 / 2, 256</td><td></td><td>2, 64 / 2, 256</td></tr>
 *   <tr><td>attn_dims</td><td></td><td></td><td>[16, 16] / [32, 32, 32]</td><td>[16, 16] / [32, 32, 32]</td></tr>
 * </table>
 */
public final class Hyperparameters {
  /** Feature spaces up to this size get the small defaults. */
  public static final int SMALL_NFEAT = 1000;

  private Hyperparameters() {}

  /**
   * The full set of hyperparameters of the package format for kind, from the defaults for
   * (kind, nfield, nfeat) overridden by given, as config.json top-level keys (name to JSON-able
   * value: Integer, Double, String or List of Integer), {@code model_kind}, {@code nfield} and
   * {@code nfeat} included.
   *
   * @throws SqlscoreException INVALID_ARGUMENT for a key the kind does not have (naming the keys
   *     it has) or a bad value (naming the allowed range)
   */
  public static Map<String, Object> resolve(ModelKind kind, int nfield, int nfeat, Map<String, String> given) {
    boolean small = nfeat <= SMALL_NFEAT;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model_kind", kind.configName());
    out.put("nfield", nfield);
    out.put("nfeat", nfeat);
    out.put("nemb", small ? 8 : 10);
    switch (kind) {
      case ARMNET -> {
        out.put("nhead", small ? 4 : 8);
        out.put("nhid", small ? 8 : 32);
        out.put("alpha", small ? 1.7 : 2.0);
      }
      case ARMNET_PLUS -> {
        out.put("nhead", 4);
        out.put("nhid", small ? 8 : 4);
        out.put("alpha", small ? 1.7 : 1.5);
      }
      default -> {
        out.put("nhead", 2);
        out.put("attn_dims", small ? List.of(16, 16) : List.of(32, 32, 32));
      }
    }
    int width = small ? 64 : 256;
    if (kind.isArmNet()) {
      out.put("mlp_nlayer", 2);
      out.put("mlp_nhid", width);
    }
    if (kind.hasDeepBranch()) {
      out.put("deep_nlayer", 2);
      out.put("deep_nhid", width);
    }
    for (Map.Entry<String, String> entry : new TreeMap<>(given).entrySet()) {
      String key = entry.getKey();
      if (!out.containsKey(key) || key.equals("model_kind") || key.equals("nfield") || key.equals("nfeat")) {
        List<String> allowed = new ArrayList<>(out.keySet());
        allowed.removeAll(List.of("model_kind", "nfield", "nfeat"));
        throw SqlscoreException.of(
            ErrorCode.INVALID_ARGUMENT,
            "%s has no hyperparameter '%s'; its hyperparameters are %s",
            kind.configName(), key, String.join(", ", allowed));
      }
      String text = entry.getValue() == null ? "" : entry.getValue().trim();
      out.put(key, switch (key) {
        case "alpha" -> alpha(text);
        case "attn_dims" -> dims(text);
        case "mlp_nlayer", "deep_nlayer" -> integer(key, text, 0, 16);
        case "nemb", "nhead", "nhid" -> integer(key, text, 1, 1024);
        default -> integer(key, text, 1, 16384);
      });
    }
    if (out.get("attn_dims") instanceof List<?> dims) {
      int heads = (Integer) out.get("nhead");
      for (Object d : dims) {
        if ((Integer) d % heads != 0) {
          throw SqlscoreException.of(
              ErrorCode.INVALID_ARGUMENT,
              "attn_dims %s: every layer width must be divisible by nhead (%d)", dims, heads);
        }
      }
    }
    return out;
  }

  private static int integer(String key, String text, int min, int max) {
    return OptionValues.integer("hyperparameter", key, text, min, max);
  }

  private static double alpha(String text) {
    try {
      double value = Double.parseDouble(text);
      if (value == 1.0 || (value >= 1.01 && value <= 10)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SqlscoreException.of(
        ErrorCode.INVALID_ARGUMENT,
        "hyperparameter alpha must be 1 (softmax gates) or a number from 1.01 to 10 (entmax; 2 = sparsemax), got '%s'",
        text);
  }

  private static List<Integer> dims(String text) {
    String inner = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    List<Integer> dims = new ArrayList<>();
    for (String part : inner.split(",")) {
      dims.add(integer("attn_dims", part.trim(), 1, 4096));
    }
    if (dims.size() > 16) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "attn_dims has %d layers; at most 16 are allowed", dims.size());
    }
    return List.copyOf(dims);
  }
}
