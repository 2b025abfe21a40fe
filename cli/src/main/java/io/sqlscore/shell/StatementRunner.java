package io.sqlscore.shell;

import io.sqlscore.cli.progress.Progress;
import io.sqlscore.cli.progress.ProgressReporter;
import io.sqlscore.jdbc.SqlscoreStatement;
import io.sqlscore.jdbc.SqlscoreConnection;
import io.sqlscore.planner.engine.SqlScript;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs statements on a connection and prints their results, update counts, timings and errors
 * the same way for the shell, {@code run file.sql} and {@code sql "..."}. In the shell, a
 * statement that is still scoring rows after a while shows a live progress line (rows scored,
 * rows/s, time), cleared before its result prints. A {@code CREATE MODEL ... AS} statement
 * prints a line after every epoch (the session's training listener).
 */
final class StatementRunner {
  private final Connection connection;
  private final PrintStream out;
  private final ResultPrinter printer;
  private final boolean timing;
  private final Duration progressAfter;
  private final Duration progressEvery;

  StatementRunner(Connection connection, PrintStream out, int maxRows, boolean timing) throws SQLException {
    this(connection, out, maxRows, timing, null, null);
  }

  /**
   * A runner that shows a live progress line on {@code out} (a terminal) for a statement still
   * scoring rows after {@code progressAfter}, refreshed every {@code progressEvery}.
   */
  StatementRunner(Connection connection, PrintStream out, int maxRows, boolean timing, Duration progressAfter,
      Duration progressEvery) throws SQLException {
    this.connection = connection;
    this.out = out;
    this.printer = new ResultPrinter(out, maxRows);
    this.timing = timing;
    this.progressAfter = progressAfter;
    this.progressEvery = progressEvery;
    if (connection.isWrapperFor(SqlscoreConnection.class)) {
      connection.unwrap(SqlscoreConnection.class).session().setTrainingListener(epoch -> out.println(epoch.line()));
    }
  }

  /** Runs every statement of {@code script}; returns false if any failed. */
  boolean runScript(String script, boolean stopOnError) {
    boolean ok = true;
    for (String sql : SqlScript.split(script)) {
      if (!run(sql)) {
        ok = false;
        if (stopOnError) {
          break;
        }
      }
    }
    return ok;
  }

  /** Runs one statement; returns false if it failed (the error is printed). */
  boolean run(String sql) {
    long start = System.nanoTime();
    try (Statement statement = connection.createStatement()) {
      boolean hasRows;
      try (ProgressReporter progress = progress(statement, start)) {
        hasRows = statement.execute(sql);
      }
      if (hasRows) {
        try (ResultSet rs = statement.getResultSet()) {
          printer.print(rs);
        }
      } else {
        long count = statement.getLargeUpdateCount();
        if (count > 0) {
          out.printf("OK, %d row%s affected%n", count, count == 1 ? "" : "s");
        } else {
          out.println("OK");
        }
      }
      if (timing) {
        out.printf(Locale.ROOT, "Time: %.1f ms%n", (System.nanoTime() - start) / 1e6);
      }
      return true;
    } catch (SQLException e) {
      out.printf("Error [%s]: %s%n", e.getSQLState(), e.getMessage().replaceAll("\\s*\\R\\s*", " ").trim());
      return false;
    }
  }

  /** The live line of {@code statement} while it scores rows, or null if this runner shows none. */
  private ProgressReporter progress(Statement statement, long start) throws SQLException {
    if (progressAfter == null || !statement.isWrapperFor(SqlscoreStatement.class)) {
      return null;
    }
    SqlscoreStatement scoring = statement.unwrap(SqlscoreStatement.class);
    return new ProgressReporter(out, ProgressReporter.Style.LIVE, progressAfter, progressEvery, () -> {
      long rows = scoring.rowsScored();
      return rows == 0 ? null : Progress.ofRows(rows, (System.nanoTime() - start) / 1e9).line();
    });
  }
}
