package io.sqlscore.shell;

import io.sqlscore.planner.engine.SqlScript;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * {@code ./sqlscore demo}: creates a DuckDB file with the bundled UCI Adult data, imports the
 * bundled ARM-Net+ model, scores the data with PREDICT, computes the AUC in SQL and shows rows
 * with their explanations, running {@code sql-examples/demo/demo.sql} step by step.
 */
final class DemoCommand {
  private final Path home;
  private final PrintStream out;

  DemoCommand(Path home, PrintStream out) {
    this.home = home;
    this.out = out;
  }

  /** Runs the demo into {@code database} (recreated); returns false if a step failed. */
  boolean run(Path database, Connector connector) throws IOException, SQLException {
    Files.deleteIfExists(database);
    Files.deleteIfExists(Path.of(database + ".wal"));
    String script = Files.readString(home.resolve("sql-examples/demo/demo.sql"), StandardCharsets.UTF_8)
        .replace("{{home}}", home.toAbsolutePath().normalize().toString());
    long start = System.nanoTime();
    out.println("sqlscore demo: UCI Adult income prediction with ARM-Net+, inside SQL, in " + database);
    try (Connection connection = connector.connect(database.toString())) {
      StatementRunner runner = new StatementRunner(connection, out, 40, true);
      for (String statement : SqlScript.split(script)) {
        out.println();
        statement.lines().filter(l -> l.startsWith("--")).forEach(out::println);
        if (!runner.run(statement)) {
          return false;
        }
      }
    }
    out.printf(Locale.ROOT, "%nDemo done in %.1f s. Explore it: ./sqlscore --db %s%n",
        (System.nanoTime() - start) / 1e9, database);
    return true;
  }

  /** Opens a connection to a database file. */
  interface Connector {
    Connection connect(String database) throws SQLException;
  }
}
