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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;

/**
 * How the asynchronous function's rows become batches: full batches at once on the scoring thread while the next
 * fills, the rest after a pause or the delay, errors per batch, closing.
 */
class RowBatcherTest {
  /** The sizes of the batches scored, in order. */
  private final List<Integer> batches = new ArrayList<>();

  /**
   * Adds a row [x] to its batch as x (refusing a negative x) and scores it as x * 10, recording
   * the batch sizes; {@code before} runs on the scoring thread before each batch.
   */
  private RowBatcher.Scoring<List<Integer>> scoring(Consumer<List<Integer>> before) {
    return new RowBatcher.Scoring<>() {
      @Override
      public List<Integer> newBatch(int capacity) {
        return new ArrayList<>();
      }

      @Override
      public void add(List<Integer> batch, RowData[] rows, int row) {
        if (rows[row].getInt(0) < 0) {
          throw new IllegalArgumentException("negative");
        }
        batch.add(rows[row].getInt(0));
      }

      @Override
      public List<RowData> score(List<Integer> batch, RowData[] rows) {
        before.accept(batch);
        synchronized (batches) {
          batches.add(rows.length);
        }
        List<RowData> out = new ArrayList<>();
        for (int x : batch) {
          out.add(GenericRowData.of(x * 10.0));
        }
        return out;
      }
    };
  }

  private RowBatcher.Scoring<List<Integer>> scoring() {
    return scoring(batch -> { });
  }

  private static RowData row(int x) {
    return GenericRowData.of(x);
  }

  /** Waits for {@code latch} even when interrupted (as a forward pass does not stop for an interrupt). */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static double result(CompletableFuture<Collection<RowData>> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS).iterator().next().getDouble(0);
  }

  @Test
  void aFullBatchIsScoredInOnePassOnTheScoringThread() throws Exception {
    Thread adding = Thread.currentThread();
    List<Thread> scoringThreads = new ArrayList<>();
    try (RowBatcher<List<Integer>> batcher = new RowBatcher<>(4, 60_000,
        scoring(batch -> scoringThreads.add(Thread.currentThread())))) {
      List<CompletableFuture<Collection<RowData>>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        futures.add(batcher.add(row(i)));
      }
      Thread.sleep(50);
      assertTrue(futures.stream().noneMatch(CompletableFuture::isDone), "three rows wait for the fourth");
      futures.add(batcher.add(row(3)));
      for (int i = 0; i < 4; i++) {
        assertEquals(i * 10.0, result(futures.get(i)));
      }
      assertEquals(List.of(4), batches);
      assertEquals(1, scoringThreads.size());
      assertTrue(scoringThreads.get(0) != adding, "scored on a thread other than the adding one");
    }
  }

  @Test
  void theNextBatchFillsWhileOneIsScoredAndBatchesKeepTheirOrder() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (RowBatcher<List<Integer>> batcher = new RowBatcher<>(2, 60_000, scoring(batch -> {
      if (batch.get(0) == 0) {
        awaitUninterruptibly(release);
      }
    }))) {
      List<CompletableFuture<Collection<RowData>>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        futures.add(batcher.add(row(i))); // returns at once though the first batch is held
      }
      Thread.sleep(50);
      assertTrue(futures.stream().noneMatch(CompletableFuture::isDone), "all wait behind the first batch");
      release.countDown();
      for (int i = 0; i < 6; i++) {
        assertEquals(i * 10.0, result(futures.get(i)));
      }
      assertEquals(List.of(2, 2, 2), batches);
    }
  }

  @Test
  void rowsThatWaitTooLongAreScoredInASmallerBatch() throws Exception {
    try (RowBatcher<List<Integer>> batcher = new RowBatcher<>(1000, 20, scoring())) {
      CompletableFuture<Collection<RowData>> first = batcher.add(row(1));
      CompletableFuture<Collection<RowData>> second = batcher.add(row(2));
      assertEquals(20.0, result(second));
      assertEquals(10.0, result(first));
      CompletableFuture<Collection<RowData>> later = batcher.add(row(3));
      assertEquals(30.0, result(later));
      synchronized (batches) {
        assertEquals(3, batches.stream().mapToInt(Integer::intValue).sum(), "batches " + batches);
      }
    }
  }

  @Test
  void aTricklingStreamIsScoredWithinTheDelay() throws Exception {
    try (RowBatcher<List<Integer>> batcher = new RowBatcher<>(1_000_000, 50, scoring())) {
      CompletableFuture<Collection<RowData>> first = batcher.add(row(1));
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!first.isDone() && System.nanoTime() < end) {
        batcher.add(row(2));
        Thread.sleep(1);
      }
      assertEquals(10.0, result(first), "the first row was scored while rows kept arriving");
    }
  }

  @Test
  void aFailedBatchFailsEachOfItsRows() {
    IllegalStateException broken = new IllegalStateException("bad value");
    try (RowBatcher<List<Integer>> batcher = new RowBatcher<>(2, 60_000, scoring(batch -> {
      throw broken;
    }))) {
      CompletableFuture<Collection<RowData>> first = batcher.add(row(1));
      CompletableFuture<Collection<RowData>> second = batcher.add(row(2));
      for (CompletableFuture<Collection<RowData>> future : List.of(first, second)) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        assertSame(broken, e.getCause());
      }
    }
  }

  @Test
  void aRowThatCannotBeAddedFailsAloneAndTheBatchFillsWithoutIt() throws Exception {
    try (RowBatcher<List<Integer>> batcher = new RowBatcher<>(2, 60_000, scoring())) {
      CompletableFuture<Collection<RowData>> first = batcher.add(row(1));
      CompletableFuture<Collection<RowData>> bad = batcher.add(row(-1));
      ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
      assertEquals("negative", e.getCause().getMessage());
      CompletableFuture<Collection<RowData>> second = batcher.add(row(2));
      assertEquals(10.0, result(first));
      assertEquals(20.0, result(second));
      assertEquals(List.of(2), batches);
    }
  }

  @Test
  void closingWaitsForTheBatchBeingScoredAndCancelsTheRest() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RowBatcher<List<Integer>> batcher = new RowBatcher<>(2, 60_000, scoring(batch -> {
      started.countDown();
      awaitUninterruptibly(release);
    }));
    List<CompletableFuture<Collection<RowData>>> scoring = List.of(batcher.add(row(1)), batcher.add(row(2)));
    List<CompletableFuture<Collection<RowData>>> queued = List.of(batcher.add(row(3)), batcher.add(row(4)));
    CompletableFuture<Collection<RowData>> waiting = batcher.add(row(5));
    assertTrue(started.await(30, TimeUnit.SECONDS));
    Thread closing = new Thread(batcher::close);
    closing.start();
    closing.join(200);
    assertTrue(closing.isAlive(), "close waits for the batch being scored");
    release.countDown();
    closing.join(30_000);
    assertFalse(closing.isAlive());
    assertEquals(10.0, result(scoring.get(0)));
    assertEquals(20.0, result(scoring.get(1)));
    assertTrue(queued.stream().allMatch(CompletableFuture::isCancelled), "the queued batch is cancelled");
    assertTrue(waiting.isCancelled());
    assertEquals(List.of(2), batches);
  }

  @Test
  void closingCancelsRowsStillWaiting() {
    RowBatcher<List<Integer>> batcher = new RowBatcher<>(10, 60_000, scoring());
    CompletableFuture<Collection<RowData>> waiting = batcher.add(row(1));
    batcher.close();
    assertTrue(waiting.isCancelled());
    assertFalse(batches.iterator().hasNext(), "nothing was scored");
  }
}
