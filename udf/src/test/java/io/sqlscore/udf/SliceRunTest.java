package io.sqlscore.udf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.udf.BatchRunner.RangeWork;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Slices pulled by several workers ({@link BatchRunner#mapSlices}, {@link BatchRunner#submitSlices}). */
class SliceRunTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void slicesCoverEveryRowOnceInOrder(int threads) {
    try (BatchRunner runner = new BatchRunner(4)) {
      Set<String> workers = ConcurrentHashMap.newKeySet();
      List<int[]> slices = runner.mapSlices(1000, 64, threads, () -> (from, to) -> {
        workers.add(Thread.currentThread().getName());
        return new int[] {from, to};
      });
      assertEquals(16, slices.size());
      for (int s = 0; s < slices.size(); s++) {
        assertArrayEquals(new int[] {s * 64, Math.min(1000, s * 64 + 64)}, slices.get(s));
      }
      assertTrue(workers.size() <= threads, "workers: " + workers);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void theLowestFailingSliceIsReportedWhateverFailsFirst(int threads) {
    try (BatchRunner runner = new BatchRunner(3)) {
      SqlscoreException e = assertThrows(SqlscoreException.class, () -> runner.mapSlices(100 * 10, 10, threads,
          () -> (from, to) -> {
            if (from == 30) {
              sleep(20); // with several threads, slice 50 usually fails first
            }
            if (from == 30 || from == 50) {
              throw SqlscoreException.of(ErrorCode.BAD_FEATURE_VALUE, "bad row %d", from + 1);
            }
            return to - from;
          }));
      assertEquals("bad row 31", e.detail());
    }
  }

  @Test
  void noSliceStartsAfterAFailure() {
    // One thread, so that no other thread can have claimed later slices before the failure.
    try (BatchRunner runner = new BatchRunner(3)) {
      AtomicInteger started = new AtomicInteger();
      assertThrows(SqlscoreException.class, () -> runner.mapSlices(100 * 10, 10, 1, () -> (from, to) -> {
        started.incrementAndGet();
        if (from == 30) {
          throw SqlscoreException.of(ErrorCode.BAD_FEATURE_VALUE, "bad row %d", from + 1);
        }
        return to - from;
      }));
      assertEquals(4, started.get(), "slices 0 to 3");
    }
  }

  @Test
  void eachWorkerGetsItsOwnWork() {
    try (BatchRunner runner = new BatchRunner(2)) {
      AtomicInteger made = new AtomicInteger();
      Supplier<RangeWork<Integer>> workers = () -> {
        int worker = made.incrementAndGet();
        return (from, to) -> worker;
      };
      List<Integer> owners = runner.mapSlices(4096, 16, 2, workers);
      assertTrue(made.get() <= 2);
      assertTrue(owners.stream().allMatch(owner -> owner >= 1 && owner <= made.get()));
    }
  }

  @Test
  void manySubmittedPassesOnATwoThreadPoolAllFinish() {
    try (BatchRunner runner = new BatchRunner(2)) {
      List<PendingForward> pending = new ArrayList<>();
      for (int batch = 0; batch < 24; batch++) {
        int first = batch * 1000;
        pending.add(runner.submitSlices(1000, 64, 2, () -> (from, to) -> scores(first + from, first + to)));
      }
      for (int batch = 0; batch < pending.size(); batch++) {
        try (PendingForward pass = pending.get(batch)) {
          ForwardResult result = pass.await();
          assertSame(result, pass.await(), "awaiting twice gives the same result");
          assertArrayEquals(IntStream.range(batch * 1000, batch * 1000 + 1000).asDoubleStream().toArray(),
              result.scores());
        }
      }
    }
  }

  @Test
  void closingASubmittedPassStopsItAndWaitsForTheSlicesUnderWay() throws Exception {
    try (BatchRunner runner = new BatchRunner(2)) {
      CountDownLatch running = new CountDownLatch(1);
      AtomicInteger finished = new AtomicInteger();
      PendingForward pass = runner.submitSlices(100 * 8, 8, 2, () -> (from, to) -> {
        running.countDown();
        sleep(20);
        finished.incrementAndGet();
        return scores(from, to);
      });
      assertTrue(running.await(30, TimeUnit.SECONDS));
      pass.close();
      int atClose = finished.get();
      assertTrue(atClose < 100, "the pass stopped early: " + atClose);
      sleep(100);
      assertEquals(atClose, finished.get(), "no slice ran after close returned");
      pass.close();
    }
  }

  @Test
  void aFailingSubmittedPassThrowsOnAwait() {
    try (BatchRunner runner = new BatchRunner(2)) {
      try (PendingForward pass = runner.submitSlices(1000, 100, 2, () -> (from, to) -> {
        if (from == 500) {
          throw SqlscoreException.of(ErrorCode.BAD_FEATURE_VALUE, "bad row %d", from + 1);
        }
        return scores(from, to);
      })) {
        SqlscoreException e = assertThrows(SqlscoreException.class, pass::await);
        assertEquals("bad row 501", e.detail());
      }
    }
  }

  /** A scores-only result whose scores are the row numbers. */
  private static ForwardResult scores(int from, int to) {
    double[] rows = IntStream.range(from, to).asDoubleStream().toArray();
    return new ForwardResult(to - from, 1, 0, 0, 0, rows, rows, null, null, null, null, null);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
