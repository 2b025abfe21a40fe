package io.sqlscore.train;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * Options of a training run, parsed from the {@code WITH (...)} list of {@code CREATE MODEL}.
 *
 * <p>Keys the engine owns, with defaults: {@code epochs} 30, {@code patience} 3 (epochs without
 * a better validation metric before stopping; 0 never stops early), {@code batch_size} 512,
 * {@code learning_rate} (per kind, the reference recipes': 1e-3, ARM-Net+ 3e-3),
 * {@code seed} 1, {@code threads} (available processors), {@code weight_decay} 1e-4,
 * {@code grad_clip} 1.0 (each gradient element clipped to ±it; 0 turns clipping off),
 * {@code validation} 0.1 (fraction held out for early stopping; the sql side splits),
 * {@code dropout} 0 (the MLPs') and {@code gate_temperature} 1.0 (ARM-Net's attention scores
 * are divided by it before the gates; below 1 makes the cross features sparser, see
 * docs/training.md). Keys the sql side owns ({@link #SQL_KEYS}) pass through untouched in
 * {@link #extra()}.
 */
public final class TrainOptions {
  /** Keys handed to the sql side unparsed; it may add its own here. */
  public static final Set<String> SQL_KEYS =
      Set.of("label", "alias", "description", "test", "min_count", "task", "null_policy", "memory_budget");

  private static final List<String> ENGINE_KEYS =
      List.of("epochs", "patience", "batch_size", "learning_rate", "seed", "threads", "weight_decay",
          "grad_clip", "validation", "dropout", "gate_temperature");

  private int epochs = 30;
  private int patience = 3;
  private int batchSize = 512;
  private Double learningRate;
  private long seed = 1;
  private int threads = Runtime.getRuntime().availableProcessors();
  private double weightDecay = 1e-4;
  private double gradClip = 1.0;
  private double validation = 0.1;
  private double dropout;
  private double gateTemperature = 1.0;
  private final Map<String, String> extra = new LinkedHashMap<>();

  private TrainOptions() {}

  /** All defaults. */
  public static TrainOptions defaults() {
    return new TrainOptions();
  }

  /**
   * Validates and parses options given as text (keys lower-case).
   *
   * @throws SqlscoreException INVALID_ARGUMENT naming the key and its allowed values
   */
  public static TrainOptions parse(Map<String, String> with) {
    TrainOptions o = new TrainOptions();
    for (Map.Entry<String, String> entry : new TreeMap<>(with).entrySet()) {
      String key = entry.getKey();
      String text = entry.getValue() == null ? "" : entry.getValue().trim();
      if (SQL_KEYS.contains(key)) {
        o.extra.put(key, entry.getValue());
        continue;
      }
      switch (key) {
        case "epochs" -> o.epochs = integer(key, text, 1, 100_000);
        case "patience" -> o.patience = integer(key, text, 0, 100_000);
        case "batch_size" -> o.batchSize = integer(key, text, 2, 1 << 20);
        case "learning_rate" -> o.learningRate = real(key, text, 0, 10, false);
        case "seed" -> o.seed = seed(text);
        case "threads" -> o.threads = integer(key, text, 1, 1024);
        case "weight_decay" -> o.weightDecay = real(key, text, 0, 1, true);
        case "grad_clip" -> o.gradClip = real(key, text, 0, 1e6, true);
        case "validation" -> o.validation = real(key, text, 0, 0.5, true);
        case "dropout" -> o.dropout = real(key, text, 0, 0.9, true);
        case "gate_temperature" -> o.gateTemperature = real(key, text, 1e-3, 1e3, false);
        default -> throw SqlscoreException.of(
            ErrorCode.INVALID_ARGUMENT,
            "unknown training option '%s'; the training options are %s; CREATE MODEL also takes %s",
            key,
            String.join(", ", ENGINE_KEYS),
            String.join(", ", SQL_KEYS.stream().sorted().toList()));
      }
    }
    return o;
  }

  private static int integer(String key, String text, int min, int max) {
    return OptionValues.integer("training option", key, text, min, max);
  }

  private static double real(String key, String text, double min, double max, boolean minIncluded) {
    try {
      double value = Double.parseDouble(text);
      if ((minIncluded ? value >= min : value > min) && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SqlscoreException.of(
        ErrorCode.INVALID_ARGUMENT,
        "training option %s must be a number %s %s and at most %s, got '%s'",
        key,
        minIncluded ? "of at least" : "above",
        format(min),
        format(max),
        text);
  }

  private static long seed(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "training option seed must be an integer, got '%s'", text);
    }
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e9
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%s", value);
  }

  /** Maximum number of epochs. */
  public int epochs() {
    return epochs;
  }

  /** Epochs without a better validation metric before the run stops; 0 never stops early. */
  public int patience() {
    return patience;
  }

  /** Rows per training step. */
  public int batchSize() {
    return batchSize;
  }

  /** The learning rate given, if any. */
  public OptionalDouble learningRate() {
    return learningRate == null ? OptionalDouble.empty() : OptionalDouble.of(learningRate);
  }

  /** The learning rate for {@code kind}: the given one, or the kind's reference recipe's. */
  public double learningRate(ModelKind kind) {
    return learningRate != null ? learningRate : kind == ModelKind.ARMNET_PLUS ? 3e-3 : 1e-3;
  }

  /** Seed of the initial weights, the shuffles and the dropout masks. */
  public long seed() {
    return seed;
  }

  /** Threads per training step. */
  public int threads() {
    return threads;
  }

  /** Adam's L2 weight decay. */
  public double weightDecay() {
    return weightDecay;
  }

  /** Gradient elements are clipped to ±this before each step; 0 for none. */
  public double gradClip() {
    return gradClip;
  }

  /** Fraction of the rows the sql side holds out for early stopping. */
  public double validation() {
    return validation;
  }

  /** Dropout probability in the MLPs. */
  public double dropout() {
    return dropout;
  }

  /** ARM-Net's gate temperature (1 = the official model). */
  public double gateTemperature() {
    return gateTemperature;
  }

  /** The sql side's keys, as given (unmodifiable). */
  public Map<String, String> extra() {
    return Collections.unmodifiableMap(extra);
  }

  /** The engine's settings as config-like key/value pairs (for metrics.json). */
  public Map<String, Object> describe(ModelKind kind) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("epochs", epochs);
    out.put("patience", patience);
    out.put("batch_size", batchSize);
    out.put("learning_rate", learningRate(kind));
    out.put("seed", seed);
    out.put("threads", threads);
    out.put("weight_decay", weightDecay);
    out.put("grad_clip", gradClip);
    out.put("validation", validation);
    out.put("dropout", dropout);
    out.put("gate_temperature", gateTemperature);
    out.put("optimizer", "Adam");
    return out;
  }

  /** A copy with {@code key} set to {@code value} (parsed as in {@link #parse}). */
  public TrainOptions with(String key, String value) {
    Map<String, String> all = new LinkedHashMap<>(asText());
    all.put(key, value);
    return parse(all);
  }

  private Map<String, String> asText() {
    Map<String, String> all = new LinkedHashMap<>(extra);
    all.put("epochs", Integer.toString(epochs));
    all.put("patience", Integer.toString(patience));
    all.put("batch_size", Integer.toString(batchSize));
    if (learningRate != null) {
      all.put("learning_rate", Double.toString(learningRate));
    }
    all.put("seed", Long.toString(seed));
    all.put("threads", Integer.toString(threads));
    all.put("weight_decay", Double.toString(weightDecay));
    all.put("grad_clip", Double.toString(gradClip));
    all.put("validation", Double.toString(validation));
    all.put("dropout", Double.toString(dropout));
    all.put("gate_temperature", Double.toString(gateTemperature));
    return all;
  }
}
