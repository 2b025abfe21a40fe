package io.sqlscore.shell;

import io.sqlscore.planner.engine.SqlScript;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive SQL shell: line editing and a persistent history (JLine), statements ended
 * by {@code ;} and possibly spanning lines, aligned tables and per-statement timing, and a live
 * progress line for a statement that scores rows for longer than a second.
 */
final class Shell {
  private static final String HELP = String.join("\n",
      "Enter SQL statements ending with ';'. Statements may span lines.",
      "  .help            this text",
      "  .quit or .exit   leave the shell (Ctrl-D works too)",
      "sqlscore adds PREDICT(...), EXPLAIN_PREDICT(...), model DDL (CREATE/ALTER/DROP/SHOW/",
      "DESCRIBE/EXPORT MODEL), training (CREATE MODEL m USING armnet AS SELECT ... WITH (label = 'y')),",
      "EXPLAIN PLAN FOR, and SET batch_size/scoring_threads/device/training_memory;",
      "everything else is DuckDB SQL.");

  private final Connection connection;
  private final String location;

  Shell(Connection connection, String location) {
    this.connection = connection;
    this.location = location;
  }

  void run() throws IOException, SQLException {
    // Standard input from a pipe or file: no banner or prompts in the output, and a plain terminal
    // without JLine's warning that it could not make a system one.
    boolean interactive = System.console() != null;
    try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
      LineReader reader = LineReaderBuilder.builder()
          .terminal(terminal)
          .appName("sqlscore")
          .variable(LineReader.HISTORY_FILE,
              Path.of(System.getProperty("user.home"), ".sqlscore_history"))
          .variable(LineReader.SECONDARY_PROMPT_PATTERN, "     ...> ")
          .build();
      PrintStream out = new PrintStream(terminal.output(), true, java.nio.charset.StandardCharsets.UTF_8);
      if (interactive) {
        out.println("sqlscore shell on " + location + ". Type .help for help.");
      }
      StatementRunner runner = new StatementRunner(connection, out, 40, true, Duration.ofSeconds(1),
          Duration.ofMillis(250));
      StringBuilder pending = new StringBuilder();
      while (true) {
        String line;
        try {
          line = reader.readLine(!interactive ? "" : pending.length() == 0 ? "sqlscore> " : "     ...> ");
        } catch (UserInterruptException e) {
          pending.setLength(0);
          continue;
        } catch (EndOfFileException e) {
          return;
        }
        String trimmed = line.trim();
        if (pending.length() == 0 && trimmed.startsWith(".")) {
          if (trimmed.equals(".quit") || trimmed.equals(".exit")) {
            return;
          }
          out.println(trimmed.equals(".help") ? HELP : "unknown command " + trimmed + "; try .help");
          continue;
        }
        pending.append(line).append('\n');
        String text = pending.toString();
        if (endsStatement(text)) {
          pending.setLength(0);
          runner.runScript(text, false);
        }
      }
    }
  }

  /** Whether the text ends with a semicolon outside of literals and comments. */
  private static boolean endsStatement(String text) {
    String code = SqlScript.codeOnly(text).strip();
    return code.endsWith(";");
  }
}
