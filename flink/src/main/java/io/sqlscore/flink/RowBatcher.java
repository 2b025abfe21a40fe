package io.sqlscore.flink;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.table.data.RowData;

/**
 * Collects the rows of asynchronous ML_PREDICT calls into batches and scores each batch with
 * one call: when {@code flushSize} rows wait (on the thread that added the last of them, the
 * subtask's), or when the oldest waiting row has waited {@code maxDelayMillis} (on a timer
 * thread: a slow stream, or the last rows of a bounded input, which Flink's asynchronous
 * operator waits for without telling the function the input ended). Each row's future completes
 * with its result, or with the batch's error. Batches are scored one at a time, in arrival
 * order. Thread-safe.
 */
final class RowBatcher implements AutoCloseable {
  private final int flushSize;
  private final long maxDelayMillis;
  private final Function<Object[][], List<RowData>> score;
  private final ScheduledExecutorService timer;
  private Object[][] rows;
  private CompletableFuture<Collection<RowData>>[] futures;
  private int waiting;
  private ScheduledFuture<?> deadline;

  /**
   * A batcher that scores with {@code score} (rows in, one result per row out, in order), at
   * most {@code flushSize} rows at a time, letting no row wait longer than {@code maxDelayMillis}.
   */
  RowBatcher(int flushSize, long maxDelayMillis, Function<Object[][], List<RowData>> score) {
    this.flushSize = flushSize;
    this.maxDelayMillis = maxDelayMillis;
    this.score = score;
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "sqlscore-batch-timer");
      thread.setDaemon(true);
      return thread;
    });
    startBatch();
  }

  @SuppressWarnings("unchecked")
  private void startBatch() {
    rows = new Object[flushSize][];
    futures = new CompletableFuture[flushSize];
    waiting = 0;
  }

  /** Adds one row's INPUT values; the future completes once its batch is scored. */
  synchronized CompletableFuture<Collection<RowData>> add(Object[] values) {
    CompletableFuture<Collection<RowData>> future = new CompletableFuture<>();
    rows[waiting] = values;
    futures[waiting] = future;
    waiting++;
    if (waiting == flushSize) {
      flush();
    } else if (waiting == 1) {
      deadline = timer.schedule(this::flushLate, maxDelayMillis, TimeUnit.MILLISECONDS);
    }
    return future;
  }

  private synchronized void flushLate() {
    if (waiting > 0) {
      flush();
    }
  }

  /** Scores the waiting rows and completes their futures (called holding the lock). */
  private void flush() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
    Object[][] batch = waiting == flushSize ? rows : java.util.Arrays.copyOf(rows, waiting);
    CompletableFuture<Collection<RowData>>[] done = futures;
    int count = waiting;
    startBatch();
    List<RowData> results;
    try {
      results = score.apply(batch);
    } catch (RuntimeException e) {
      for (int i = 0; i < count; i++) {
        done[i].completeExceptionally(e);
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      done[i].complete(List.of(results.get(i)));
    }
  }

  /** Stops the timer; rows still waiting are failed (their operator is being torn down). */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    for (int i = 0; i < waiting; i++) {
      futures[i].cancel(false);
    }
    waiting = 0;
  }
}
