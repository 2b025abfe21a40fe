package io.sqlscore.gpucheck;

import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.PendingForward;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows per second of whole forward passes, transfers included: {@code callers} threads each
 * score batches back to back (each call copies its rows in and its logits and scores out), one
 * call after the other or pipelined ({@link Mode}), for a fixed time after a warm-up; the rate
 * is all rows over the wall time.
 */
final class Throughput {
  /** How each caller scores its batches. */
  enum Mode {
    /** One forward call after the other. */
    SYNC,
    /** Each batch is submitted before the previous one is collected, as a scan does with a GPU. */
    PIPELINED
  }

  private Throughput() {}

  static double measure(CompiledModel model, BatchRunner runner, int threads, List<FeatureBatch> batches,
      int callers, Mode mode, double warmupSeconds, double seconds) throws Exception {
    run(model, runner, threads, batches, callers, mode, warmupSeconds);
    return run(model, runner, threads, batches, callers, mode, seconds);
  }

  private static double run(CompiledModel model, BatchRunner runner, int threads, List<FeatureBatch> batches,
      int callers, Mode mode, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    AtomicLong rows = new AtomicLong();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int first = c;
        futures.add(pool.submit(() -> {
          int next = first % batches.size();
          PendingForward previous = null;
          int previousRows = 0;
          while (System.nanoTime() < deadline) {
            FeatureBatch batch = batches.get(next);
            next = (next + 1) % batches.size();
            if (mode == Mode.SYNC) {
              runner.forward(model, batch, Outputs.NONE, threads);
              rows.addAndGet(batch.rows());
              continue;
            }
            PendingForward submitted = model.submit(batch, Outputs.NONE);
            if (previous != null) {
              collect(previous);
              rows.addAndGet(previousRows);
            }
            previous = submitted;
            previousRows = batch.rows();
          }
          if (previous != null) {
            collect(previous);
            rows.addAndGet(previousRows);
          }
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return rows.get() / ((System.nanoTime() - start) / 1e9);
  }

  private static void collect(PendingForward pass) {
    try (pass) {
      pass.await();
    }
  }
}
