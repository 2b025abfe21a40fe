package io.sqlscore.udf;

/**
 * A forward pass started by {@link CompiledModel#submit}: it may still be running (on a GPU
 * stream) while the caller prepares the next batch. {@link #await} waits for it and returns its
 * result, or throws what the pass found (a bad feature id, a device error). Closing a pass that
 * was never awaited waits for it and drops its result, so that its buffers can be reused;
 * closing is idempotent and never throws.
 */
public interface PendingForward extends AutoCloseable {
  /**
   * Waits for the pass and returns its result; later calls return the same result.
   *
   * @throws io.sqlscore.error.SqlscoreException what {@link CompiledModel#forward} would throw
   */
  ForwardResult await();

  /** Drops the pass if it was not awaited (waiting for it to stop); then does nothing. */
  @Override
  void close();

  /** A pass that already finished with {@code result}. */
  static PendingForward done(ForwardResult result) {
    return new PendingForward() {
      @Override
      public ForwardResult await() {
        return result;
      }

      @Override
      public void close() {}
    };
  }
}
