package io.sqlscore.shell;

import io.sqlscore.jdbc.SqlscoreConnection;
import io.sqlscore.planner.engine.SqlScript;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Runs statements on a connection and prints their results, update counts, timings and errors
 * the same way for the shell, {@code run file.sql} and {@code sql "..."}, and a progress line
 * after every epoch of a {@code CREATE MODEL ... AS} statement (the session's training
 * listener).
 */
final class StatementRunner {
  private final Connection connection;
  private final PrintStream out;
  private final ResultPrinter printer;
  private final boolean timing;

  StatementRunner(Connection connection, PrintStream out, int maxRows, boolean timing) throws SQLException {
    this.connection = connection;
    this.out = out;
    this.printer = new ResultPrinter(out, maxRows);
    this.timing = timing;
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
      if (statement.execute(sql)) {
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
}
