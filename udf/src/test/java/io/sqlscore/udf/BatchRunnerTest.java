package io.sqlscore.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The runner's pool stays within its bound however many queries ask for threads at once. */
class BatchRunnerTest {
  @Test
  void manyQueriesAtOnceNeverGrowThePoolBeyondItsBound() throws Exception {
    AtomicInteger busy = new AtomicInteger();
    AtomicInteger mostBusy = new AtomicInteger();
    try (BatchRunner runner = new BatchRunner(3)) {
      ExecutorService queries = Executors.newFixedThreadPool(12);
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int q = 0; q < 12; q++) {
        results.add(queries.submit(() -> runner.map(16 * 8, 8, (from, to) -> {
          mostBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          busy.decrementAndGet();
          return to - from;
        })));
      }
      for (Future<List<Integer>> result : results) {
        assertEquals(16 * 8, result.get(60, TimeUnit.SECONDS).stream().mapToInt(Integer::intValue).sum(),
            "every row range ran");
      }
      queries.shutdown();
      assertTrue(runner.poolThreads() <= 3, "pool threads: " + runner.poolThreads());
      // 12 calling threads run their first range themselves, beside at most 3 pool threads.
      assertTrue(mostBusy.get() <= 12 + 3, "ranges at once: " + mostBusy.get());
    }
  }
}
