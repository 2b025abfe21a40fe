package io.sqlscore.bench;

import io.sqlscore.error.CommandArgs;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code ./sqlscore bench-steps}: runs the kernel-step JMH benchmarks (GEMM, entmax, exponential
 * neurons, attention), each step once with the CPU backend's Vector API code and once with ND4J,
 * and prints one JSON line per step and shape with both times and ND4J's time over ours.
 */
public final class StepBenchCommand {
  private static final Class<?>[] STEPS = {
    GemmBenchmark.class, EntmaxBenchmark.class, ExpNeuronsBenchmark.class, AttentionBenchmark.class
  };

  private StepBenchCommand() {}

  /** Runs the benchmarks; returns the process exit code. */
  public static int run(String[] args, PrintStream out) throws RunnerException {
    new CommandArgs(List.of(args), Map.of()).requirePositional(0, "no arguments");
    OptionsBuilder options = new OptionsBuilder();
    for (Class<?> step : STEPS) {
      options.include(step.getName());
    }
    Map<String, double[]> byCase = new TreeMap<>();
    for (RunResult result : new Runner(options.build()).run()) {
      String benchmark = result.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String step = benchmark.substring(0, benchmark.lastIndexOf('.'));
      step = step.substring(step.lastIndexOf('.') + 1).replace("Benchmark", "");
      StringBuilder shape = new StringBuilder();
      for (String key : result.getParams().getParamsKeys()) {
        shape.append(shape.length() == 0 ? "" : ",").append(key).append('=').append(result.getParams().getParam(key));
      }
      double[] times = byCase.computeIfAbsent(step + "\t" + shape, k -> new double[2]);
      times[method.equals("nd4j") ? 1 : 0] = result.getPrimaryResult().getScore();
    }
    for (Map.Entry<String, double[]> entry : byCase.entrySet()) {
      String[] parts = entry.getKey().split("\t");
      double[] times = entry.getValue();
      out.printf(Locale.ROOT,
          "{\"step\": \"%s\", \"shape\": \"%s\", \"vector_api_us\": %.3f, \"nd4j_us\": %.3f, \"nd4j_over_vector_api\": %.2f}%n",
          parts[0], parts[1], times[0], times[1], times[1] / times[0]);
    }
    return 0;
  }
}
