package io.sqlscore.bench;

import io.sqlscore.error.CommandArgs;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** {@code ./sqlscore bench-arrow}: runs {@link ArrowIoBenchmark} and prints rows/s as JSON lines. */
public final class ArrowIoBenchCommand {
  private ArrowIoBenchCommand() {}

  /** Runs the benchmark; returns the process exit code. */
  public static int run(String[] args, PrintStream out) throws RunnerException {
    new CommandArgs(List.of(args), Map.of()).requirePositional(0, "no arguments");
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(ArrowIoBenchmark.class.getName())
        .build()).run();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      out.printf(java.util.Locale.ROOT,
          "{\"benchmark\": \"%s\", \"rows\": %d, \"columns\": 10, \"rows_per_s\": %.0f, \"error\": %.0f}%n",
          name.substring(name.lastIndexOf('.') + 1), ArrowIoBenchmark.ROWS,
          result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError());
    }
    return 0;
  }
}
