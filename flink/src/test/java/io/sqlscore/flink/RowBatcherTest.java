package io.sqlscore.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;

/** How the asynchronous function's rows become batches: full batches at once, the rest after a pause or the delay, errors per batch. */
class RowBatcherTest {
  /** The sizes of the batches scored, in order. */
  private final List<Integer> batches = new ArrayList<>();

  /** Scores a row [x] as x * 10 and records the batch size. */
  private List<RowData> score(Object[][] rows) {
    synchronized (batches) {
      batches.add(rows.length);
    }
    List<RowData> out = new ArrayList<>();
    for (Object[] row : rows) {
      out.add(GenericRowData.of((Integer) row[0] * 10.0));
    }
    return out;
  }

  private static double result(CompletableFuture<Collection<RowData>> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS).iterator().next().getDouble(0);
  }

  @Test
  void aFullBatchIsScoredInOnePassOnTheAddingThread() throws Exception {
    try (RowBatcher batcher = new RowBatcher(4, 60_000, this::score)) {
      List<CompletableFuture<Collection<RowData>>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        futures.add(batcher.add(new Object[] {i}));
      }
      assertTrue(futures.stream().noneMatch(CompletableFuture::isDone), "three rows wait for the fourth");
      futures.add(batcher.add(new Object[] {3}));
      assertTrue(futures.stream().allMatch(CompletableFuture::isDone), "the fourth row scores the batch");
      for (int i = 0; i < 4; i++) {
        assertEquals(i * 10.0, result(futures.get(i)));
      }
      assertEquals(List.of(4), batches);
    }
  }

  @Test
  void rowsThatWaitTooLongAreScoredInASmallerBatch() throws Exception {
    try (RowBatcher batcher = new RowBatcher(1000, 20, this::score)) {
      CompletableFuture<Collection<RowData>> first = batcher.add(new Object[] {1});
      CompletableFuture<Collection<RowData>> second = batcher.add(new Object[] {2});
      assertEquals(20.0, result(second));
      assertEquals(10.0, result(first));
      CompletableFuture<Collection<RowData>> later = batcher.add(new Object[] {3});
      assertEquals(30.0, result(later));
      synchronized (batches) {
        assertEquals(3, batches.stream().mapToInt(Integer::intValue).sum(), "batches " + batches);
      }
    }
  }

  @Test
  void aTricklingStreamIsScoredWithinTheDelay() throws Exception {
    try (RowBatcher batcher = new RowBatcher(1_000_000, 50, this::score)) {
      CompletableFuture<Collection<RowData>> first = batcher.add(new Object[] {1});
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!first.isDone() && System.nanoTime() < end) {
        batcher.add(new Object[] {2});
        Thread.sleep(1);
      }
      assertEquals(10.0, result(first), "the first row was scored while rows kept arriving");
    }
  }

  @Test
  void aFailedBatchFailsEachOfItsRows() {
    IllegalStateException broken = new IllegalStateException("bad value");
    try (RowBatcher batcher = new RowBatcher(2, 60_000, rows -> {
      throw broken;
    })) {
      CompletableFuture<Collection<RowData>> first = batcher.add(new Object[] {1});
      CompletableFuture<Collection<RowData>> second = batcher.add(new Object[] {2});
      for (CompletableFuture<Collection<RowData>> future : List.of(first, second)) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        assertSame(broken, e.getCause());
      }
    }
  }

  @Test
  void closingCancelsRowsStillWaiting() {
    RowBatcher batcher = new RowBatcher(10, 60_000, this::score);
    CompletableFuture<Collection<RowData>> waiting = batcher.add(new Object[] {1});
    batcher.close();
    assertTrue(waiting.isCancelled());
    assertFalse(batches.iterator().hasNext(), "nothing was scored");
  }
}
