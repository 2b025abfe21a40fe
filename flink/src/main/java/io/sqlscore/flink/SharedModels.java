package io.sqlscore.flink;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.registry.ModelCache;
import io.sqlscore.udf.Backend;
import io.sqlscore.udf.Backends;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models loaded in this JVM (a task manager), shared by all its subtasks: each pinned model
 * is compiled once per backend, held while any subtask scores with it, and kept afterwards (a
 * restarted job finds it loaded) until the memory limit, the system property
 * {@code sqlscore.model_cache_bytes} (default 2 GiB), makes room for others. With the connector
 * in Flink's {@code lib/} this is one cache per task manager process; with the connector inside
 * a job's jar, one per job and task manager.
 */
final class SharedModels {
  private static final Logger LOG = LoggerFactory.getLogger(SharedModels.class);
  private static final ModelCache<CompiledModel> MODELS =
      new ModelCache<>(Long.getLong("sqlscore.model_cache_bytes", 2L << 30), CompiledModel::memoryBytes);
  private static final BatchRunner RUNNER = new BatchRunner();
  private static final AtomicInteger COMPILED = new AtomicInteger();

  private SharedModels() {}

  /**
   * A lease on {@code model} compiled for {@code device} ({@code cpu}, {@code gpu} or
   * {@code auto}); close it when the subtask stops.
   *
   * @throws SqlscoreException GPU_UNAVAILABLE for {@code gpu} where no GPU can be used, or what
   *     compiling the model throws
   */
  static ModelCache<CompiledModel>.Lease acquire(PinnedModel model, String device) {
    Backend backend = backend(device, model);
    try {
      return lease(model, backend);
    } catch (SqlscoreException e) {
      boolean gpuCannot = e.code() == ErrorCode.NOT_SUPPORTED || e.code() == ErrorCode.OUT_OF_MEMORY;
      if (!device.equals("auto") || !gpuCannot || backend.name().equals("cpu")) {
        throw e;
      }
      LOG.info("sqlscore: device 'auto' scores {} on the CPU: {}", model.label(), e.detail());
      return lease(model, Backends.byName("cpu"));
    }
  }

  private static ModelCache<CompiledModel>.Lease lease(PinnedModel model, Backend backend) {
    ModelCache.Key key = new ModelCache.Key(model.name(), model.version(), model.sha256(), backend.name());
    return MODELS.acquire(key, () -> {
      CompiledModel compiled = backend.compile(model.open());
      COMPILED.incrementAndGet();
      LOG.info("sqlscore: loaded {} for the {} backend in this process", model.describe(), backend.name());
      return compiled;
    });
  }

  private static Backend backend(String device, PinnedModel model) {
    if (device.equals("cpu")) {
      return Backends.byName("cpu");
    }
    Optional<Backend> gpu = Backends.available().stream().filter(b -> b.name().equals("gpu")).findFirst();
    if (gpu.isPresent() && gpu.get().isAvailable()) {
      return gpu.get();
    }
    String reason = gpu.map(Backend::unavailableReason).orElse("this build has no GPU backend");
    if (device.equals("gpu")) {
      throw new SqlscoreException(ErrorCode.GPU_UNAVAILABLE, "model " + model.label()
          + ": 'device' = 'gpu' but this task manager cannot use a GPU (" + reason + "); use 'device' = 'cpu' or 'auto'");
    }
    LOG.info("sqlscore: device 'auto' scores {} on the CPU: {}", model.label(), reason);
    return Backends.byName("cpu");
  }

  /** Runs forward passes on the calling thread (a subtask's scoring thread, or the subtask's own for the synchronous function). */
  static BatchRunner runner() {
    return RUNNER;
  }

  /** How many times a model was compiled in this process (tests check that subtasks share one). */
  static int compiledCount() {
    return COMPILED.get();
  }
}
