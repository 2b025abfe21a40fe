package io.sqlscore.planner.engine;

import io.sqlscore.arrow.ArrowMemory;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.registry.ModelCache;
import io.sqlscore.udf.Backend;
import io.sqlscore.udf.Backends;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;

/**
 * Process-wide state shared by all sqlscore connections: the Arrow root allocator (one per
 * engine; every query works in a child allocator), the cache of loaded models, the thread pool
 * that scores batches, and the choice of backend per device setting. The cache's memory limit
 * is the system property {@code sqlscore.model_cache_bytes} (default 2 GiB).
 */
public final class Engine {
  static {
    // Calcite's literals default to ISO-8859-1; DuckDB strings are UTF-8.
    System.setProperty("calcite.default.charset", "UTF-8");
    System.setProperty("calcite.default.nationalcharset", "UTF-8");
    System.setProperty("calcite.default.collation.name", "UTF-8$en_US");
  }

  private static final Engine INSTANCE = new Engine();

  private final ArrowMemory memory = new ArrowMemory();
  private final ModelCache<CompiledModel> models = new ModelCache<>(
      Long.getLong("sqlscore.model_cache_bytes", 2L << 30), CompiledModel::memoryBytes);

  private final BatchRunner runner = new BatchRunner();

  private Engine() {}

  /** The engine of this process. */
  public static Engine get() {
    return INSTANCE;
  }

  /** The thread pool that runs forward passes. */
  public BatchRunner runner() {
    return runner;
  }

  /**
   * The backend for a device setting: {@code cpu}; {@code gpu} (GPU_UNAVAILABLE when no GPU
   * backend can run here); {@code auto}, the GPU when one can run, else the CPU.
   */
  public Backend backend(String device) {
    boolean gpu = Backends.available().stream().anyMatch(b -> b.name().equals("gpu"));
    switch (device) {
      case "cpu":
        return Backends.byName("cpu");
      case "gpu":
        if (!gpu) {
          throw new SqlscoreException(ErrorCode.GPU_UNAVAILABLE,
              "device 'gpu' was requested but no GPU can be used here (no sqlscore GPU library for "
                  + "this platform, or no NVIDIA driver and device); use SET device = 'cpu' or 'auto'");
        }
        return Backends.byName("gpu");
      default:
        return Backends.byName(gpu ? "gpu" : "cpu");
    }
  }

  /** The loaded models shared by all connections. */
  public ModelCache<CompiledModel> models() {
    return models;
  }

  /** The Arrow memory of the engine. */
  public ArrowMemory memory() {
    return memory;
  }
}
