package io.sqlscore.cli.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Prints a progress line while work runs, from a thread of its own: on a terminal one live line
 * rewritten in place ({@code \r}) and cleared when the reporter closes; in a log (standard output
 * is not a terminal) a plain line every few seconds; nothing when quiet. The line comes from a
 * supplier that may return null for "nothing to show yet".
 */
public final class ProgressReporter implements AutoCloseable {
  /** How progress is shown. */
  public enum Style {
    /** One line rewritten in place, for a terminal. */
    LIVE,
    /** A line of its own each time, for logs. */
    PLAIN,
    /** Nothing. */
    QUIET;

    /** LIVE where the JVM has a console (standard input and output are a terminal), else PLAIN; QUIET if asked. */
    public static Style forConsole(boolean quiet) {
      return quiet ? QUIET : System.console() != null ? LIVE : PLAIN;
    }
  }

  private final PrintStream out;
  private final Style style;
  private final Supplier<String> line;
  private final Thread thread;
  private final Object lock = new Object();
  private boolean stopped;
  private int shownLength;

  /**
   * Starts reporting: the first line after {@code delay}, then one every {@code every}.
   */
  public ProgressReporter(PrintStream out, Style style, Duration delay, Duration every, Supplier<String> line) {
    this.out = out;
    this.style = style;
    this.line = line;
    this.thread = new Thread(() -> loop(delay.toMillis(), every.toMillis()), "sqlscore-progress");
    thread.setDaemon(true);
    if (style != Style.QUIET) {
      thread.start();
    }
  }

  private void loop(long delayMillis, long everyMillis) {
    long wait = delayMillis;
    while (true) {
      synchronized (lock) {
        long until = System.currentTimeMillis() + wait;
        while (!stopped && System.currentTimeMillis() < until) {
          try {
            lock.wait(Math.max(1, until - System.currentTimeMillis()));
          } catch (InterruptedException e) {
            return;
          }
        }
        if (stopped) {
          return;
        }
        show(line.get());
      }
      wait = everyMillis;
    }
  }

  private void show(String text) {
    if (text == null) {
      return;
    }
    if (style == Style.LIVE) {
      out.print("\r" + text + " ".repeat(Math.max(0, shownLength - text.length())));
      shownLength = text.length();
    } else {
      out.println(text);
    }
    out.flush();
  }

  /** Stops reporting and clears the live line, so that what is printed next starts on a clean line. */
  @Override
  public void close() {
    synchronized (lock) {
      stopped = true;
      lock.notifyAll();
      if (shownLength > 0) {
        out.print("\r" + " ".repeat(shownLength) + "\r");
        out.flush();
        shownLength = 0;
      }
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
