package io.sqlscore.flink;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.data.RowData;

/**
 * Collects the rows of asynchronous ML_PREDICT calls into batches and scores each batch with
 * one call, on a scoring thread of its own, so that the subtask's thread goes on reading and
 * collecting the next batch meanwhile. Each row is added to its batch (encoded) on the thread
 * that adds it, while its values are in that core's caches; a row that cannot be added fails
 * alone. A batch is closed when {@code flushSize} rows wait; or,
 * on a timer thread, when no row has arrived for a tenth of {@code maxDelayMillis} (the input
 * paused or ended: Flink's asynchronous operator waits for the last rows of a bounded input
 * without telling the function the input ended), or when its first row has waited
 * {@code maxDelayMillis} (a slow stream). While rows keep arriving the timer leaves the batch to
 * fill: closing a part of it there would only make batches smaller. Batches are scored one at a
 * time, in the order they were closed; each row's future completes with its result, or with the
 * batch's error. Thread-safe.
 */
final class RowBatcher<B> implements AutoCloseable {
  /**
   * What a batcher does with its rows.
   *
   * @param <B> a batch being filled
   */
  interface Scoring<B> {
    /** A new, empty batch of up to {@code capacity} rows (on the thread that adds rows). */
    B newBatch(int capacity);

    /** Adds row {@code row} of {@code rows} to {@code batch} (on the thread that adds rows). */
    void add(B batch, RowData[] rows, int row);

    /** Scores a closed batch of {@code rows}: one result per row, in order (on the scoring thread). */
    List<RowData> score(B batch, RowData[] rows);
  }

  private static final long CLOSE_WAIT_SECONDS = 60;

  private final int flushSize;
  private final long maxDelayNanos;
  private final long idleNanos;
  private final Scoring<B> scoring;
  private final ScheduledExecutorService timer;
  private final ExecutorService scoringThread;
  private B batch;
  private RowData[] rows;
  private CompletableFuture<Collection<RowData>>[] futures;
  private int waiting;
  private long firstArrival;
  private long lastArrival;
  private boolean timerArmed;

  /**
   * A batcher that scores with {@code scoring}, at most {@code flushSize} rows at a time, letting
   * no row wait much longer than {@code maxDelayMillis}.
   */
  RowBatcher(int flushSize, long maxDelayMillis, Scoring<B> scoring) {
    this.flushSize = flushSize;
    this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMillis);
    this.idleNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), maxDelayNanos / 10);
    this.scoring = scoring;
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("sqlscore-batch-timer"));
    this.scoringThread = Executors.newSingleThreadExecutor(daemon("sqlscore-scoring"));
    startBatch();
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @SuppressWarnings("unchecked")
  private void startBatch() {
    batch = scoring.newBatch(flushSize);
    rows = new RowData[flushSize];
    futures = new CompletableFuture[flushSize];
    waiting = 0;
  }

  /**
   * Adds one row (Flink's, kept until its batch is scored); the future completes once its batch
   * is scored, or at once with the error of a row that cannot be added.
   */
  synchronized CompletableFuture<Collection<RowData>> add(RowData row) {
    rows[waiting] = row;
    try {
      scoring.add(batch, rows, waiting);
    } catch (RuntimeException e) {
      rows[waiting] = null;
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Collection<RowData>> future = new CompletableFuture<>();
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

  /** Hands the waiting rows to the scoring thread and starts a new batch (called holding the lock). */
  private void flush() {
    Batch closed = new Batch(batch, waiting == flushSize ? rows : Arrays.copyOf(rows, waiting),
        waiting == flushSize ? futures : Arrays.copyOf(futures, waiting));
    startBatch();
    try {
      scoringThread.execute(closed);
    } catch (RejectedExecutionException shutDown) {
      closed.cancel();
    }
  }

  /** One closed batch: the batch filled, its rows and their futures. */
  private final class Batch implements Runnable {
    private final B filled;
    private final RowData[] batchRows;
    private final CompletableFuture<Collection<RowData>>[] batchFutures;

    Batch(B filled, RowData[] batchRows, CompletableFuture<Collection<RowData>>[] batchFutures) {
      this.filled = filled;
      this.batchRows = batchRows;
      this.batchFutures = batchFutures;
    }

    @Override
    public void run() {
      List<RowData> results;
      try {
        results = scoring.score(filled, batchRows);
      } catch (RuntimeException e) {
        for (CompletableFuture<Collection<RowData>> future : batchFutures) {
          future.completeExceptionally(e);
        }
        return;
      }
      for (int i = 0; i < batchFutures.length; i++) {
        batchFutures[i].complete(List.of(results.get(i)));
      }
    }

    void cancel() {
      for (CompletableFuture<Collection<RowData>> future : batchFutures) {
        future.cancel(false);
      }
    }
  }

  /**
   * Stops the timer and the scoring thread: rows still waiting and batches not yet begun are
   * cancelled (their operator is being torn down); a batch being scored is waited for, up to a
   * minute, so that the scorer can be closed after this returns.
   */
  @Override
  public void close() {
    synchronized (this) {
      timer.shutdownNow();
      for (int i = 0; i < waiting; i++) {
        futures[i].cancel(false);
      }
      waiting = 0;
      for (Runnable queued : scoringThread.shutdownNow()) {
        ((RowBatcher<?>.Batch) queued).cancel();
      }
    }
    try {
      scoringThread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
