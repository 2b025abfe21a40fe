package io.sqlscore.cli.score;

import io.sqlscore.cli.progress.ProgressReporter;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * {@code sqlscore score}: batch scoring of Parquet or CSV files, or a table, into scored files or
 * a table, restartable after a crash (see {@link ScoreJob}). Prints progress and a summary on
 * standard output, an error as one line on standard error, and returns the exit code: 0 done (or
 * nothing left to do), 1 failed, 2 bad usage, 3 the output holds a different job.
 */
public final class ScoreCommand {
  /** Exit code of a job that failed. */
  public static final int FAILED = 1;
  /** Exit code of bad usage. */
  public static final int USAGE = 2;
  /** Exit code of a refusal to write over another job's output. */
  public static final int REFUSED = 3;

  private final PrintStream out;
  private final PrintStream err;
  private final ProgressReporter.Style style;
  private final Duration every;

  /**
   * A command printing to {@code out} and {@code err}, showing progress in {@code style} (unless
   * {@code --quiet}): a live line twice a second, a plain line every {@code every}.
   */
  public ScoreCommand(PrintStream out, PrintStream err, ProgressReporter.Style style, Duration every) {
    this.out = out;
    this.err = err;
    this.style = style;
    this.every = every;
  }

  /** A command on the console: a live line on a terminal, else a plain line every 5 seconds. */
  public static ScoreCommand onConsole(PrintStream out, PrintStream err) {
    return new ScoreCommand(out, err, ProgressReporter.Style.forConsole(false), Duration.ofSeconds(5));
  }

  /**
   * Runs {@code sqlscore score} with {@code args} (the arguments after {@code score}); {@code db}
   * is the database given with {@code --db}, or {@code :memory:} or null for none. Returns the exit code.
   */
  public int run(String db, List<String> args) {
    if (args.contains("--help")) {
      out.println(ScoreOptions.USAGE);
      return 0;
    }
    ScoreOptions options;
    try {
      options = ScoreOptions.parse(args, db == null || db.equals(":memory:") ? null : db);
    } catch (SqlscoreException e) {
      err.println("sqlscore score: " + e.detail());
      err.println(ScoreOptions.USAGE);
      return USAGE;
    }
    try {
      new ScoreJob(options, out, options.quiet() ? ProgressReporter.Style.QUIET : style, every).run();
      return 0;
    } catch (SqlscoreException e) {
      return fail(e);
    } catch (SQLException e) {
      return e.getCause() instanceof SqlscoreException ? fail((SqlscoreException) e.getCause()) : fail(e.getMessage());
    } catch (RuntimeException e) {
      return fail("INTERNAL_ERROR: " + e + "; this is a bug in sqlscore, please report it");
    }
  }

  private int fail(SqlscoreException e) {
    fail(e.getMessage());
    return e.code() == ErrorCode.DUPLICATE_OBJECT ? REFUSED : FAILED;
  }

  private int fail(String message) {
    err.println("sqlscore score: " + String.valueOf(message).replaceAll("\\s*\\R\\s*", " "));
    return FAILED;
  }
}
