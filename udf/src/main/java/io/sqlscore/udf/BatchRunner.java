package io.sqlscore.udf;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs one batch on a {@link CompiledModel} with up to N threads by splitting it into
 * contiguous row ranges; the calling thread runs the first range. Backends compute each row
 * independently of the others, so the result does not depend on the thread count.
 *
 * <p>One runner (and its bounded pool of daemon threads) can serve many queries at once; close it
 * to stop its threads.
 */
public final class BatchRunner implements AutoCloseable {
  /** Fewer rows than this per thread are not worth a hand-off. */
  public static final int MIN_ROWS_PER_THREAD = 16;

  private final ThreadPoolExecutor pool;

  /** A runner whose pool has as many threads as the machine has processors. */
  public BatchRunner() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /**
   * A runner with at most {@code maxThreads} daemon threads, however many queries score at
   * once: ranges beyond them wait in a queue (the calling threads run their first range
   * themselves, so every query progresses). Idle threads end after a minute.
   */
  public BatchRunner(int maxThreads) {
    AtomicInteger counter = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        task -> {
          Thread thread = new Thread(task, "sqlscore-forward-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
  }

  /** The most threads the pool runs at once. */
  public int maxThreads() {
    return pool.getMaximumPoolSize();
  }

  /** Threads the pool has now (idle ones included). */
  public int poolThreads() {
    return pool.getPoolSize();
  }

  /**
   * Runs {@code model} on {@code batch} with at most {@code threads} threads; a model that
   * {@link CompiledModel#prefersWholeBatches() prefers whole batches} gets the batch in one call
   * on the calling thread.
   *
   * @throws SqlscoreException INVALID_ARGUMENT when threads is below 1, QUERY_CANCELED when
   *     interrupted, or whatever the model throws
   */
  public ForwardResult forward(CompiledModel model, FeatureBatch batch, Outputs outputs, int threads) {
    if (threads < 1) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "threads must be at least 1, got %d", threads);
    }
    if (model.prefersWholeBatches()) {
      return model.forward(batch, outputs);
    }
    batch.checkFits(model.config());
    return ForwardResult.concat(
        map(batch.rows(), threads, (from, to) -> model.forward(batch.slice(from, to), outputs)));
  }

  /** Work on a contiguous range of rows, {@code from} inclusive, {@code to} exclusive. */
  @FunctionalInterface
  public interface RangeWork<T> {
    /** Processes rows {@code [from, to)}. */
    T apply(int from, int to);
  }

  /**
   * Splits {@code rows} into at most {@code threads} contiguous ranges (none shorter than
   * {@link #MIN_ROWS_PER_THREAD} rows), runs {@code work} on each, the first in the calling
   * thread, and returns the results in row order.
   *
   * @throws SqlscoreException INVALID_ARGUMENT when threads is below 1, QUERY_CANCELED when
   *     interrupted, or whatever the work throws
   */
  public <T> List<T> map(int rows, int threads, RangeWork<T> work) {
    if (threads < 1) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "threads must be at least 1, got %d", threads);
    }
    int parts = Math.max(1, Math.min(threads, rows / MIN_ROWS_PER_THREAD));
    if (parts == 1) {
      return List.of(work.apply(0, rows));
    }
    List<Future<T>> futures = new ArrayList<>(parts - 1);
    for (int part = 1; part < parts; part++) {
      int from = bound(rows, part, parts);
      int to = bound(rows, part + 1, parts);
      futures.add(pool.submit(() -> work.apply(from, to)));
    }
    List<T> results = new ArrayList<>(parts);
    boolean finished = false;
    try {
      results.add(work.apply(0, bound(rows, 1, parts)));
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      finished = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqlscoreException(ErrorCode.QUERY_CANCELED, "scoring was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "scoring thread failed: " + e.getCause(), e.getCause());
    } finally {
      if (!finished) {
        awaitAll(futures);
      }
    }
    return results;
  }

  /**
   * Runs work on the slices of {@code rows} ({@code sliceRows} rows each, the last one shorter)
   * with up to {@code threads} workers, the first in the calling thread, each pulling the next
   * unclaimed slice until none is left, so that a worker slowed down by other threads on its
   * core does not hold the others up; returns the results in slice order. Each worker gets its
   * own {@link RangeWork} from {@code workers} (so it may reuse what its previous slice left).
   * When slices fail, no further slice is started and the failure of the lowest failing slice is
   * thrown, the same whatever the thread count or timing.
   *
   * @throws SqlscoreException INVALID_ARGUMENT when threads or sliceRows is below 1, or
   *     whatever the work throws
   */
  public <T> List<T> mapSlices(int rows, int sliceRows, int threads, Supplier<RangeWork<T>> workers) {
    checkSlicing(sliceRows, threads);
    return new SliceRun<>(rows, sliceRows, threads, workers).run(pool);
  }

  /**
   * Like {@link #mapSlices} for forward passes, but returns at once: the slices are scored on
   * pool threads only, while the caller goes on (reads its next batch); the pending pass gives
   * their results joined in row order. Closing it before it was awaited stops it after the
   * slices under way and waits for them, so that nothing reads the caller's columns afterwards.
   *
   * @throws SqlscoreException INVALID_ARGUMENT when threads or sliceRows is below 1
   */
  public PendingForward submitSlices(int rows, int sliceRows, int threads,
      Supplier<RangeWork<ForwardResult>> workers) {
    checkSlicing(sliceRows, threads);
    SliceRun<ForwardResult> run = new SliceRun<>(rows, sliceRows, threads, workers);
    return new SubmittedSlices(run, pool);
  }

  private static void checkSlicing(int sliceRows, int threads) {
    if (threads < 1 || sliceRows < 1) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "threads and sliceRows must be at least 1, got %d and %d", threads, sliceRows);
    }
  }

  /**
   * Waits until every range has stopped, whatever it returned or threw, so that no work still
   * reads the caller's data once {@link #map} has failed (ranges stop early on their own when
   * the statement was cancelled).
   */
  private static void awaitAll(List<? extends Future<?>> futures) {
    futures.forEach(SliceRun::awaitQuietly);
  }

  private static int bound(int rows, int part, int parts) {
    return (int) ((long) rows * part / parts);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
