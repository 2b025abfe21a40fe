package io.sqlscore.udf;

import io.sqlscore.udf.BatchRunner.RangeWork;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One run of work over the slices of a batch ({@code sliceRows} rows each, the last one
 * shorter): the thread that {@link #run runs} it and up to {@code helpers} pool threads each pull
 * the next unclaimed slice until none is left. A helper that has not started by then is dropped
 * rather than waited for ({@link Start}), so a run never waits for a queued task (runs may
 * themselves be pool tasks). After a failing slice no further slice is started, and the run throws the failure of
 * the lowest failing slice, the same whatever the thread count or timing.
 */
final class SliceRun<T> {
  private final int rows;
  private final int sliceRows;
  private final int slices;
  private final int helpers;
  private final Supplier<RangeWork<T>> workers;
  private final List<T> results;
  private final Throwable[] failures;
  private final AtomicInteger next = new AtomicInteger();

  SliceRun(int rows, int sliceRows, int threads, Supplier<RangeWork<T>> workers) {
    this.rows = rows;
    this.sliceRows = sliceRows;
    this.slices = (rows + sliceRows - 1) / sliceRows;
    this.helpers = Math.max(0, Math.min(threads, slices) - 1);
    this.workers = workers;
    this.results = new ArrayList<>(Collections.nCopies(slices, null));
    this.failures = new Throwable[slices];
  }

  /** Runs the slices on the calling thread and helpers from {@code pool}; returns the results in slice order. */
  List<T> run(ExecutorService pool) {
    List<Start> starts = new ArrayList<>(helpers);
    List<Future<?>> helping = new ArrayList<>(helpers);
    try {
      for (int h = 0; h < helpers; h++) {
        Start start = new Start();
        starts.add(start);
        helping.add(pool.submit(() -> {
          if (start.take()) {
            work();
          }
        }));
      }
      work();
    } finally {
      for (int h = 0; h < helping.size(); h++) {
        if (!starts.get(h).take()) {
          awaitQuietly(helping.get(h));
        }
      }
    }
    for (Throwable failure : failures) {
      if (failure instanceof RuntimeException) {
        throw (RuntimeException) failure;
      }
      if (failure != null) {
        throw (Error) failure;
      }
    }
    return results;
  }

  /** Starts no further slice; those under way finish. */
  void stop() {
    next.set(slices);
  }

  private void work() {
    RangeWork<T> worker = workers.get();
    for (int slice = next.getAndIncrement(); slice < slices; slice = next.getAndIncrement()) {
      int start = slice * sliceRows;
      try {
        results.set(slice, worker.apply(start, Math.min(rows, start + sliceRows)));
      } catch (RuntimeException | Error e) {
        failures[slice] = e;
        stop();
        return;
      }
    }
  }

  /**
   * The right to start a queued task, taken once: by the task when it starts (it then runs), or
   * by whoever would wait for it (it then never runs its work, and nobody waits for it).
   */
  static final class Start {
    private final AtomicBoolean taken = new AtomicBoolean();

    /** True for the first caller only. */
    boolean take() {
      return taken.compareAndSet(false, true);
    }
  }

  /** Waits until {@code task} has stopped, whatever it returned or threw, keeping an interrupt for later. */
  static void awaitQuietly(Future<?> task) {
    boolean interrupted = false;
    while (true) {
      try {
        task.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException | RuntimeException e) {
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
