package io.sqlscore.gpucheck;

import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rows per second of whole forward passes, transfers included: {@code callers} threads each
 * score batches back to back (each call copies its rows in and its logits and scores out) for a
 * fixed time after a warm-up; the rate is all rows over the wall time.
 */
final class Throughput {
  private Throughput() {}

  static double measure(CompiledModel model, BatchRunner runner, int threads, List<FeatureBatch> batches,
      int callers, double warmupSeconds, double seconds) throws Exception {
    run(model, runner, threads, batches, callers, warmupSeconds);
    return run(model, runner, threads, batches, callers, seconds);
  }

  private static double run(CompiledModel model, BatchRunner runner, int threads, List<FeatureBatch> batches,
      int callers, double seconds) throws Exception {
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
          while (System.nanoTime() < deadline) {
            FeatureBatch batch = batches.get(next);
            next = (next + 1) % batches.size();
            runner.forward(model, batch, Outputs.NONE, threads);
            rows.addAndGet(batch.rows());
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
}
