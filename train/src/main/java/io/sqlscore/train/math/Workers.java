package io.sqlscore.train.math;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs a list of independent tasks on up to {@code threads} threads (the caller's included).
 * Which thread runs a task is left to chance; callers make each task's result independent of
 * that, so results never depend on the thread count.
 */
public final class Workers implements AutoCloseable {
  private final int threads;
  private final ExecutorService pool;

  /** A pool of {@code threads} threads in all (the caller counts as one). */
  public Workers(int threads) {
    if (threads < 1) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "threads must be at least 1, got %d", threads);
    }
    this.threads = threads;
    AtomicInteger counter = new AtomicInteger();
    this.pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                task -> {
                  Thread thread = new Thread(task, "sqlscore-train-" + counter.incrementAndGet());
                  thread.setDaemon(true);
                  return thread;
                });
  }

  /** Threads in all. */
  public int threads() {
    return threads;
  }

  /**
   * Runs {@code task.accept(i)} for every i in {@code [0, tasks)} and returns when all have
   * finished; the first failure is rethrown once every task has stopped.
   */
  public void run(int tasks, IntConsumer task) {
    if (tasks <= 0) {
      return;
    }
    if (pool == null || tasks == 1) {
      for (int i = 0; i < tasks; i++) {
        task.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable loop =
        () -> {
          for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
            task.accept(i);
          }
        };
    int helpers = Math.min(threads - 1, tasks - 1);
    Future<?>[] futures = new Future<?>[helpers];
    for (int h = 0; h < helpers; h++) {
      futures[h] = pool.submit(loop);
    }
    RuntimeException failure = null;
    try {
      loop.run();
    } catch (RuntimeException e) {
      next.set(tasks);
      failure = e;
    }
    boolean interrupted = false;
    for (Future<?> future : futures) {
      while (true) {
        try {
          future.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure =
                e.getCause() instanceof RuntimeException
                    ? (RuntimeException) e.getCause()
                    : new SqlscoreException(ErrorCode.INTERNAL_ERROR, "training thread failed: " + e.getCause(), e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
