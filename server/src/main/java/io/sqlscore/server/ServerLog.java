package io.sqlscore.server;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The server's log: one line per event (start, stop, session start and end, failed sign-in),
 * each with a UTC timestamp, written to a stream (standard error when serving).
 */
public final class ServerLog {
  private final PrintStream out;

  /** A log written to {@code out}. */
  public ServerLog(PrintStream out) {
    this.out = out;
  }

  /** Writes one line. */
  public void line(String message) {
    synchronized (out) {
      out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " sqlscore serve: " + message);
      out.flush();
    }
  }
}
