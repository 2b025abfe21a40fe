package io.sqlscore.shell;

import io.sqlscore.cli.score.ScoreCommand;
import io.sqlscore.jdbc.SqlscoreDriver;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of {@code ./sqlscore}.
 *
 * <pre>
 *   sqlscore [--db FILE]                 interactive shell (in memory without --db)
 *   sqlscore run FILE.sql [--db FILE]    run a script, print each result
 *   sqlscore sql "STATEMENT" [--db FILE] run one statement
 *   sqlscore demo [--db FILE]            the demo (UCI Adult, ARM-Net+, explanations)
 *   sqlscore serve --db FILE ...         the Arrow Flight SQL server (io.sqlscore.server)
 *   sqlscore users add NAME --role R     the server's users
 *   sqlscore score --model M ...         batch scoring, restartable ({@link ScoreCommand})
 *   sqlscore bench-kernel|bench-sql|bench-arrow|bench-steps|bench-serve|bench-score|bench-train|bench-train-steps|bench-sparsity|bench-peak ...   benchmarks (see README)
 *   sqlscore bench-flink ...             ML_PREDICT on a Flink MiniCluster
 * </pre>
 *
 * <p>The launcher runs the benchmark commands with the bench module's class path
 * ({@code io.sqlscore.bench.BenchMain}), {@code bench-flink} with the flink module's test class
 * path ({@code io.sqlscore.flink.FlinkBench}); this class only lists them in its help.
 */
public final class Main {
  private static final String USAGE = String.join("\n",
      "usage: sqlscore [--db FILE]                  interactive SQL shell",
      "       sqlscore run FILE.sql [--db FILE]     run a SQL script",
      "       sqlscore sql \"STATEMENT\" [--db FILE]  run one statement",
      "       sqlscore demo [--db FILE]             score the bundled UCI Adult data (default file sqlscore-demo.duckdb)",
      "       " + io.sqlscore.server.ServeCommand.USAGE,
      "       " + io.sqlscore.server.UsersCommand.USAGE,
      "       sqlscore bench-serve [--clients 16] [--seconds 60] [--db FILE]   the server under load, against embedded",
      "       sqlscore score --model M --input FILES|--input-table T --output DIR|--output-table T [...]",
      "                                             batch scoring, restartable (sqlscore score --help)",
      "       sqlscore bench-kernel PACKAGE [--batch N] [--rows N] [--threads N] [--warmup S] [--peer onnx MODEL.onnx] [--peer-spin on|off]",
      "       sqlscore bench-sql [--rows N[,N...]] [--threads T] [--batch B] [--data adult|frappe|all] [--explain] [--repeat R] [--db FILE] [--device auto|cpu|gpu] [--export]",
      "       sqlscore bench-arrow                  Arrow read/write rows/s (JMH)",
      "       sqlscore bench-steps                  kernel steps, Vector API against ND4J (JMH)",
      "       sqlscore bench-score [--rows N[,N...]] [--threads T] [--batch B] [--rows-per-file R] [--model PACKAGE]",
      "       sqlscore bench-flink [--rows N[,N...]] [--parallelism P[,P...]] [--batch B] [--model PACKAGE] [--sync-rows N]",
      "       sqlscore bench-train [--data adult|frappe|all] [--kind KIND|all] [--threads T] [--speed-only] [--accuracy-only]",
      "       sqlscore bench-train-steps [--model NAME|all] [--threads T] [--rounds R]  training steps, hand-written against ND4J SameDiff",
      "       sqlscore bench-sparsity [--temperatures T,...] [--threads T]  Adult ARM-Net+ cross-feature order against test AUC",
      "       sqlscore bench-peak [--threads N]     this machine's FP32 peak: clock, FMA units, GFLOP/s",
      "Without --db the database is in memory.");

  private final PrintStream out;

  Main(PrintStream out) {
    this.out = out;
  }

  /** Runs the launcher; exits with 0 on success, 1 on a failed statement, 2 on bad usage. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /**
   * Runs a command and returns its exit code. Any error that stops it (the database cannot be
   * opened, a script cannot be read, ...) is printed on {@code err} as one line, never as a
   * stack trace, and gives exit code 1.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      return new Main(out).run(args);
    } catch (IllegalArgumentException e) {
      return new Main(out).usage(e.getMessage());
    } catch (Throwable e) {
      err.println(oneLine(e));
      return 1;
    }
  }

  /** A one-line report of an error that stopped a command. */
  static String oneLine(Throwable e) {
    String text;
    if (e instanceof SQLException) {
      text = "Error [" + ((SQLException) e).getSQLState() + "]: " + e.getMessage();
    } else if (e instanceof java.io.IOException) {
      text = "Error: cannot read " + e.getMessage() + " (" + e.getClass().getSimpleName() + ")";
    } else {
      text = "Error: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }
    return "sqlscore: " + text.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  int run(String[] args) throws Exception {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    String command = rest.isEmpty() || rest.get(0).startsWith("--") ? "shell" : rest.remove(0);
    if (command.equals("demo")) {
      Path file = Path.of(option(rest, "--db", "sqlscore-demo.duckdb"));
      Path home = Path.of(System.getProperty("sqlscore.repo", "."));
      return new DemoCommand(home, out).run(file, Main::connect) ? 0 : 1;
    }
    if (command.equals("serve")) {
      return io.sqlscore.server.ServeCommand.run(rest, out);
    }
    if (command.equals("users")) {
      return io.sqlscore.server.UsersCommand.run(rest, out, System.in);
    }
    String db = option(rest, "--db", ":memory:");
    switch (command) {
      case "shell":
        if (!rest.isEmpty()) {
          return usage("unexpected arguments " + rest);
        }
        try (Connection connection = connect(db)) {
          new Shell(connection, db).run();
        }
        return 0;
      case "run":
        if (rest.size() != 1) {
          return usage("run takes one script file");
        }
        String script = Files.readString(Path.of(rest.get(0)), StandardCharsets.UTF_8);
        try (Connection connection = connect(db)) {
          return new StatementRunner(connection, out, 1000, true).runScript(script, true) ? 0 : 1;
        }
      case "sql":
        if (rest.size() != 1) {
          return usage("sql takes one statement in quotes");
        }
        try (Connection connection = connect(db)) {
          return new StatementRunner(connection, out, 1000, false).runScript(rest.get(0), true) ? 0 : 1;
        }
      case "score":
        return ScoreCommand.onConsole(out, System.err).run(db, rest);
      case "help":
      case "--help":
        out.println(USAGE);
        return 0;
      default:
        return usage("unknown command '" + command + "'");
    }
  }

  private int usage(String problem) {
    out.println(problem);
    out.println(USAGE);
    return 2;
  }

  private static Connection connect(String db) throws SQLException {
    return DriverManager.getConnection(SqlscoreDriver.PREFIX + db);
  }

  /** Removes {@code --name value} from the arguments and returns the value. */
  static String option(List<String> args, String name, String defaultValue) {
    int i = args.indexOf(name);
    if (i < 0) {
      return defaultValue;
    }
    if (i + 1 >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    String value = args.get(i + 1);
    args.remove(i + 1);
    args.remove(i);
    return value;
  }
}
