package io.sqlscore.planner.engine;

import io.sqlscore.arrow.ArrowMemory;
import io.sqlscore.registry.ModelCache;
import io.sqlscore.udf.CompiledModel;

/**
 * Process-wide state shared by all sqlscore connections: the Arrow root allocator (one per
 * engine; every query works in a child allocator) and the cache of loaded models. The cache's
 * memory limit is the system property {@code sqlscore.model_cache_bytes} (default 2 GiB).
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

  private Engine() {}

  /** The engine of this process. */
  public static Engine get() {
    return INSTANCE;
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
