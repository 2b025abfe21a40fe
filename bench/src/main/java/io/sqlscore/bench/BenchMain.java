package io.sqlscore.bench;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Entry point of the benchmark commands, which {@code ./sqlscore} runs with this module's class
 * path: {@code bench-kernel}, {@code bench-sql}, {@code bench-arrow}, {@code bench-steps},
 * {@code bench-serve}, {@code bench-score}, {@code bench-train}, {@code bench-train-steps},
 * {@code bench-sparsity} and {@code bench-peak} (their options are in {@code ./sqlscore help}
 * and each command's Javadoc).
 */
public final class BenchMain {
  private static final String USAGE =
      "usage: BenchMain bench-kernel|bench-sql|bench-arrow|bench-steps|bench-serve|bench-score|bench-train|bench-train-steps|bench-sparsity|bench-peak [OPTIONS...] (see ./sqlscore help)";

  private BenchMain() {}

  /** Runs one benchmark command; exits with its status (2 on bad usage, 1 when it failed). */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, System.err));
  }

  /**
   * Runs one benchmark command; a failure is one line on {@code err} (as every command-line tool
   * of the project reports one), and the status is 2 for a mistake in the arguments, 1 for any
   * other failure.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    String command = args.length > 0 ? args[0] : "bench";
    try {
      return run(args, out);
    } catch (SqlscoreException e) {
      err.println("sqlscore " + command + ": " + e.getMessage());
      return e.code() == ErrorCode.INVALID_ARGUMENT ? 2 : 1;
    } catch (Exception e) {
      err.println("sqlscore " + command + ": failed: " + e);
      return 1;
    }
  }

  private static int run(String[] args, PrintStream out) throws Exception {
    if (args.length == 0) {
      out.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "bench-kernel":
        KernelBenchCommand.run(rest);
        return 0;
      case "bench-sql":
        return SqlBenchCommand.run(rest, out);
      case "bench-arrow":
        return ArrowIoBenchCommand.run(rest, out);
      case "bench-steps":
        return StepBenchCommand.run(rest, out);
      case "bench-serve":
        return ServeBenchCommand.run(rest, out);
      case "bench-score":
        return ScoreBenchCommand.run(rest, out);
      case "bench-train":
        return TrainBenchCommand.run(rest, out);
      case "bench-train-steps":
        return TrainStepBenchCommand.run(rest, out);
      case "bench-sparsity":
        return SparsityBenchCommand.run(rest, out);
      case "bench-peak":
        return PeakCommand.run(rest, out);
      default:
        out.println("unknown benchmark command '" + args[0] + "'");
        out.println(USAGE);
        return 2;
    }
  }
}
