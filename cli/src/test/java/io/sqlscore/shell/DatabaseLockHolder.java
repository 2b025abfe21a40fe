package io.sqlscore.shell;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run as a separate process by {@link MainErrorsTest}: opens the DuckDB file named by its
 * argument (which takes the file's lock), says {@code locked}, and holds it until its standard
 * input closes.
 */
public final class DatabaseLockHolder {
  private DatabaseLockHolder() {}

  /** Holds the lock on {@code args[0]} until standard input ends. */
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0]);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS t AS SELECT 1 AS x");
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // Hold the lock until the test closes our input.
      }
    }
  }
}
