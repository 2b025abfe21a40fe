package io.sqlscore.udf;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** A forward pass over the slices of a batch running on pool threads ({@link BatchRunner#submitSlices}). */
final class SubmittedSlices implements PendingForward {
  private final SliceRun<ForwardResult> run;
  private final SliceRun.Start start = new SliceRun.Start();
  private final Future<List<ForwardResult>> task;
  private ForwardResult result;

  SubmittedSlices(SliceRun<ForwardResult> run, ExecutorService pool) {
    this.run = run;
    this.task = pool.submit(() -> start.take() ? run.run(pool) : null);
  }

  @Override
  public ForwardResult await() {
    if (result == null) {
      try {
        result = ForwardResult.concat(task.get());
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new SqlscoreException(ErrorCode.QUERY_CANCELED, "scoring was interrupted", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException) {
          throw (RuntimeException) e.getCause();
        }
        if (e.getCause() instanceof Error) {
          throw (Error) e.getCause();
        }
        throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "scoring thread failed: " + e.getCause(), e.getCause());
      }
    }
    return result;
  }

  /** Stops the pass after the slices under way and waits for them; a pass not yet started never starts. */
  @Override
  public void close() {
    run.stop();
    if (!start.take()) {
      SliceRun.awaitQuietly(task);
    }
  }
}
