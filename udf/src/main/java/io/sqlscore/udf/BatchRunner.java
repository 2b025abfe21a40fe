package io.sqlscore.udf;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one batch on a {@link CompiledModel} with up to N threads by splitting it into
 * contiguous row ranges; the calling thread runs the first range. Backends compute each row
 * independently of the others, so the result does not depend on the thread count.
 *
 * <p>One runner (and its daemon thread pool) can serve many queries at once; close it to stop
 * its idle threads.
 */
public final class BatchRunner implements AutoCloseable {
  /** Fewer rows than this per thread are not worth a hand-off. */
  public static final int MIN_ROWS_PER_THREAD = 16;

  private final ExecutorService pool;

  /** A runner with its own cached pool of daemon threads. */
  public BatchRunner() {
    AtomicInteger counter = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "sqlscore-forward-" + counter.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Runs {@code model} on {@code batch} with at most {@code threads} threads.
   *
   * @throws SqlscoreException INVALID_ARGUMENT when threads is below 1, QUERY_CANCELED when
   *     interrupted, or whatever the model throws
   */
  public ForwardResult forward(CompiledModel model, FeatureBatch batch, Outputs outputs, int threads) {
    if (threads < 1) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "threads must be at least 1, got %d", threads);
    }
    batch.checkFits(model.config());
    int parts = Math.max(1, Math.min(threads, batch.rows() / MIN_ROWS_PER_THREAD));
    if (parts == 1) {
      return model.forward(batch, outputs);
    }
    List<Future<ForwardResult>> futures = new ArrayList<>(parts - 1);
    for (int part = 1; part < parts; part++) {
      FeatureBatch slice = slice(batch, part, parts);
      futures.add(pool.submit(() -> model.forward(slice, outputs)));
    }
    List<ForwardResult> results = new ArrayList<>(parts);
    try {
      results.add(model.forward(slice(batch, 0, parts), outputs));
      for (Future<ForwardResult> future : futures) {
        results.add(future.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqlscoreException(ErrorCode.QUERY_CANCELED, "scoring was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "scoring thread failed: " + e.getCause(), e.getCause());
    } finally {
      futures.forEach(future -> future.cancel(true));
    }
    return ForwardResult.concat(results);
  }

  private static FeatureBatch slice(FeatureBatch batch, int part, int parts) {
    long rows = batch.rows();
    return batch.slice((int) (rows * part / parts), (int) (rows * (part + 1) / parts));
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
