package io.sqlscore.flink;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The options of {@code CREATE MODEL ... WITH ('provider' = 'sqlscore', ...)}. */
public final class SqlscoreOptions {
  private SqlscoreOptions() {}

  /** The DuckDB database whose sqlscore registry holds the model (with {@link #MODEL}). */
  public static final ConfigOption<String> REGISTRY =
      ConfigOptions.key("registry")
          .stringType()
          .noDefaultValue()
          .withDescription("Path of the DuckDB database whose sqlscore registry holds the model; read once, "
              + "where the job is planned. Needs DuckDB's JDBC driver there. Use with 'model'.");

  /** The model in the registry: name, name@version or name@alias. */
  public static final ConfigOption<String> MODEL =
      ConfigOptions.key("model")
          .stringType()
          .noDefaultValue()
          .withDescription("The registry's model: 'name' (latest version), 'name@3' or 'name@alias'. "
              + "Resolved once when the job is planned and pinned for the whole job.");

  /** A model package (directory or .zip) instead of a registry. */
  public static final ConfigOption<String> PACKAGE =
      ConfigOptions.key("package")
          .stringType()
          .noDefaultValue()
          .withDescription("Path of a sqlscore model package (a directory or a .zip with config.json and "
              + "weights.safetensors), read once where the job is planned. Instead of 'registry' and 'model'.");

  /** k of the explanations, when OUTPUT has an explanation column. */
  public static final ConfigOption<Integer> EXPLAIN =
      ConfigOptions.key("explain")
          .intType()
          .noDefaultValue()
          .withDescription("The number of cross features each explanation returns (1 to 10000), as the k of "
              + "EXPLAIN_PREDICT; needs an OUTPUT column of the explanation ROW type.");

  /** Rows per forward pass. */
  public static final ConfigOption<Integer> BATCH_SIZE =
      ConfigOptions.key("batch-size")
          .intType()
          .defaultValue(4096)
          .withDescription("The most rows one forward pass scores (asynchronous ML_PREDICT; it is also "
              + "bounded by half ML_PREDICT's 'max-concurrent-operations').");

  /** cpu, gpu or auto. */
  public static final ConfigOption<String> DEVICE =
      ConfigOptions.key("device")
          .stringType()
          .defaultValue("auto")
          .withDescription("'cpu', 'gpu' (an error on a task manager without a usable GPU) or 'auto' "
              + "(the GPU where one can be used, else the CPU).");

  /** How long a row may wait for its batch to fill. */
  public static final ConfigOption<Duration> MAX_DELAY =
      ConfigOptions.key("max-delay")
          .durationType()
          .defaultValue(Duration.ofMillis(100))
          .withDescription("Asynchronous ML_PREDICT: the longest a row waits for its batch to fill (a slow "
              + "stream). A batch is also scored, smaller, once no row has arrived for a tenth of this (the "
              + "input paused or ended).");
}
