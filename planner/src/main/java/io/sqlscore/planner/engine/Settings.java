package io.sqlscore.planner.engine;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.training.SqlTrainingOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The sqlscore settings of one connection, set from connection properties or with
 * {@code SET name = value}. Names are case-insensitive.
 *
 * <ul>
 *   <li>{@code batch_size}: rows per Arrow batch scored at once (default 4096);
 *   <li>{@code scoring_threads}: threads that score one batch (default: available processors);
 *   <li>{@code device}: {@code auto}, {@code cpu} or {@code gpu} (default {@code auto});
 *   <li>{@code training_memory}: bytes the encoded rows of {@code CREATE MODEL ... AS} may take
 *       in memory before they are read from DuckDB on every pass instead, e.g. {@code 2GB}
 *       (default: a quarter of the JVM's maximum heap).
 * </ul>
 */
public final class Settings {
  /** Name of the batch size setting. */
  public static final String BATCH_SIZE = "batch_size";
  /** Name of the scoring thread count setting. */
  public static final String SCORING_THREADS = "scoring_threads";
  /** Name of the device setting. */
  public static final String DEVICE = "device";
  /** Name of the training memory budget setting. */
  public static final String TRAINING_MEMORY = "training_memory";

  private static final int MAX_BATCH = 1 << 20;

  private volatile int batchSize = 4096;
  private volatile int scoringThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
  private volatile String device = "auto";
  private volatile long trainingMemory = Runtime.getRuntime().maxMemory() / 4;

  /** Settings with the defaults, overridden by any sqlscore names in {@code properties}. */
  public static Settings from(Properties properties) {
    Settings settings = new Settings();
    for (String name : properties.stringPropertyNames()) {
      if (isSetting(name)) {
        settings.set(name, properties.getProperty(name));
      }
    }
    return settings;
  }

  /** Whether {@code name} is a sqlscore setting (others belong to DuckDB). */
  public static boolean isSetting(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals(BATCH_SIZE) || n.equals(SCORING_THREADS) || n.equals(DEVICE) || n.equals(TRAINING_MEMORY);
  }

  /** Changes a setting; a bad name or value is an {@link ErrorCode#INVALID_SETTING} error. */
  public void set(String name, String value) {
    String n = name.toLowerCase(Locale.ROOT);
    switch (n) {
      case BATCH_SIZE:
        batchSize = intIn(n, value, 1, MAX_BATCH);
        break;
      case SCORING_THREADS:
        scoringThreads = intIn(n, value, 1, 1024);
        break;
      case DEVICE:
        String d = value.toLowerCase(Locale.ROOT);
        if (!d.equals("auto") && !d.equals("cpu") && !d.equals("gpu")) {
          throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
              "device must be 'auto', 'cpu' or 'gpu', not '%s'", value);
        }
        device = d;
        break;
      case TRAINING_MEMORY:
        try {
          trainingMemory = SqlTrainingOptions.bytes(TRAINING_MEMORY, value);
        } catch (SqlscoreException e) {
          throw new SqlscoreException(ErrorCode.INVALID_SETTING, e.detail());
        }
        break;
      default:
        throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
            "unknown sqlscore setting '%s'; the settings are batch_size, scoring_threads, device and training_memory",
            name);
    }
  }

  /** Rows per scored batch. */
  public int batchSize() {
    return batchSize;
  }

  /** Threads scoring one batch. */
  public int scoringThreads() {
    return scoringThreads;
  }

  /** The requested device: auto, cpu or gpu. */
  public String device() {
    return device;
  }

  /** Bytes the encoded training rows may take in memory. */
  public long trainingMemory() {
    return trainingMemory;
  }

  /** All settings with their current values, sorted by name. */
  public Map<String, String> asMap() {
    Map<String, String> map = new TreeMap<>();
    map.put(BATCH_SIZE, Integer.toString(batchSize));
    map.put(SCORING_THREADS, Integer.toString(scoringThreads));
    map.put(DEVICE, device);
    map.put(TRAINING_MEMORY, Long.toString(trainingMemory));
    return map;
  }

  private static int intIn(String name, String value, int min, int max) {
    try {
      int v = Integer.parseInt(value.trim());
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
        "%s must be an integer from %d to %d, not '%s'", name, min, max, value);
  }
}
