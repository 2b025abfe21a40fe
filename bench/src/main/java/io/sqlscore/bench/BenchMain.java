package io.sqlscore.bench;

import java.io.IOException;
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
    int status;
    try {
      status = run(args, out);
    } catch (Exception e) {
      // One line, as every command-line tool of the project reports a failure.
      System.err.println("sqlscore " + (args.length > 0 ? args[0] : "bench") + ": " + e);
      status = 1;
    }
    System.exit(status);
  }

  static int run(String[] args, PrintStream out) throws IOException {
    if (args.length == 0) {
      out.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "bench-kernel":
          KernelBenchCommand.main(rest);
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
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      out.println("failed: " + e);
      return 1;
    }
  }
}
