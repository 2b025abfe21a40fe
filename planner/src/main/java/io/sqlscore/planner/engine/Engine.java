package io.sqlscore.planner.engine;

import io.sqlscore.arrow.ArrowMemory;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.registry.ModelCache;
import io.sqlscore.registry.ResolvedModel;
import io.sqlscore.udf.Backend;
import io.sqlscore.udf.Backends;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

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
  private final LongAdder rowsScored = new LongAdder();
  private volatile boolean autoFellBack;

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
   * The backend for a device setting: {@code cpu}; {@code gpu} (GPU_UNAVAILABLE, with the reason,
   * when no GPU backend can run here); {@code auto}, the GPU when one can run, else the CPU (said
   * once on standard error).
   */
  public Backend backend(String device) {
    Optional<Backend> gpu = Backends.available().stream().filter(b -> b.name().equals("gpu")).findFirst();
    switch (device) {
      case "cpu":
        return Backends.byName("cpu");
      case "gpu":
        if (gpu.isEmpty() || !gpu.get().isAvailable()) {
          throw new SqlscoreException(ErrorCode.GPU_UNAVAILABLE,
              "device 'gpu' was requested but no GPU can be used here ("
                  + gpu.map(Backend::unavailableReason).orElse("this build has no GPU backend")
                  + "); use SET device = 'cpu' or 'auto'");
        }
        return gpu.get();
      default:
        if (gpu.isPresent() && gpu.get().isAvailable()) {
          return gpu.get();
        }
        if (!autoFellBack) {
          autoFellBack = true;
          System.err.println("sqlscore: device 'auto' scores on the CPU: "
              + gpu.map(Backend::unavailableReason).orElse("this build has no GPU backend"));
        }
        return Backends.byName("cpu");
    }
  }

  /**
   * A lease on {@code model} compiled for the backend of {@code device}, from the cache or
   * compiled from {@code load}. Under {@code auto}, a model the GPU cannot take (NOT_SUPPORTED,
   * or OUT_OF_MEMORY on the device) runs on the CPU instead, said once on standard error. While
   * another query loads the same model, {@code checkCancelled} lets a cancel stop the wait.
   */
  public ModelCache<CompiledModel>.Lease acquire(
      ResolvedModel model, String device, Supplier<ModelPackage> load, Runnable checkCancelled) {
    Backend backend = backend(device);
    try {
      return models.acquire(ModelCache.Key.of(model, backend.name()), () -> backend.compile(load.get()),
          checkCancelled);
    } catch (SqlscoreException e) {
      boolean gpuCannot = e.code() == ErrorCode.NOT_SUPPORTED || e.code() == ErrorCode.OUT_OF_MEMORY;
      if (!device.equals("auto") || backend.name().equals("cpu") || !gpuCannot) {
        throw e;
      }
      System.err.println("sqlscore: device 'auto' scores " + model.label() + " on the CPU: " + e.getMessage());
      Backend cpu = Backends.byName("cpu");
      return models.acquire(ModelCache.Key.of(model, cpu.name()), () -> cpu.compile(load.get()), checkCancelled);
    }
  }

  /** The loaded models shared by all connections. */
  public ModelCache<CompiledModel> models() {
    return models;
  }

  /** Counts {@code rows} scored by a statement's scoring stream. */
  void countScored(long rows) {
    rowsScored.add(rows);
  }

  /** Rows scored by all statements since the engine started (a batch counts once it is scored). */
  public long rowsScored() {
    return rowsScored.sum();
  }

  /**
   * DuckDB connections opened to read scoring input and not yet closed: zero whenever no
   * statement is running or streaming its result.
   */
  public int openScanConnections() {
    return ScanConnection.open();
  }

  /** The Arrow memory of the engine. */
  public ArrowMemory memory() {
    return memory;
  }
}
