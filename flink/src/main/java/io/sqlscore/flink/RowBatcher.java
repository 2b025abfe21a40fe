package io.sqlscore.flink;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.table.data.RowData;

/**
 * Collects the rows of asynchronous ML_PREDICT calls into batches and scores each batch with
 * one call. A batch is scored when {@code flushSize} rows wait (on the thread that added the
 * last of them, the subtask's); or, on a timer thread, when no row has arrived for a tenth of
 * {@code maxDelayMillis} (the input paused or ended: Flink's asynchronous operator waits for the
 * last rows of a bounded input without telling the function the input ended), or when its first
 * row has waited {@code maxDelayMillis} (a slow stream). While rows keep arriving the timer
 * leaves the batch to fill: scoring a part of it there would only make batches smaller. Each
 * row's future completes with its result, or with the batch's error. Batches are scored one at
 * a time, in arrival order. Thread-safe.
 */
final class RowBatcher implements AutoCloseable {
  private final int flushSize;
  private final long maxDelayNanos;
  private final long idleNanos;
  private final Function<Object[][], List<RowData>> score;
  private final ScheduledExecutorService timer;
  private Object[][] rows;
  private CompletableFuture<Collection<RowData>>[] futures;
  private int waiting;
  private long firstArrival;
  private long lastArrival;
  private boolean timerArmed;

  /**
   * A batcher that scores with {@code score} (rows in, one result per row out, in order), at
   * most {@code flushSize} rows at a time, letting no row wait much longer than {@code maxDelayMillis}.
   */
  RowBatcher(int flushSize, long maxDelayMillis, Function<Object[][], List<RowData>> score) {
    this.flushSize = flushSize;
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
    this.idleNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), maxDelayNanos / 10);
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
    lastArrival = System.nanoTime();
    if (waiting == 1) {
      firstArrival = lastArrival;
    }
    if (waiting == flushSize) {
      flush();
    } else if (!timerArmed) {
      arm(idleNanos);
    }
    return future;
  }

  private void arm(long delayNanos) {
    timerArmed = true;
    timer.schedule(this::onTimer, delayNanos, TimeUnit.NANOSECONDS);
  }

  private synchronized void onTimer() {
    timerArmed = false;
    if (waiting == 0) {
      return;
    }
    long now = System.nanoTime();
    long idleUntil = lastArrival + idleNanos;
    long deadline = firstArrival + maxDelayNanos;
    if (now >= idleUntil || now >= deadline) {
      flush();
    } else {
      arm(Math.min(idleUntil, deadline) - now);
    }
  }

  /** Scores the waiting rows and completes their futures (called holding the lock). */
  private void flush() {
    Object[][] batch = waiting == flushSize ? rows : Arrays.copyOf(rows, waiting);
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

  /** Stops the timer; rows still waiting are cancelled (their operator is being torn down). */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    for (int i = 0; i < waiting; i++) {
      futures[i].cancel(false);
    }
    waiting = 0;
  }
}
