package io.sqlscore.bench;

import io.sqlscore.udf.cpu.DenseLayer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a CPU path without the Vector API module would cost (issue 17, JVM options): the models'
 * dominant step, a Linear + ReLU layer {@code y = relu(x · W + b)}, with the CPU backend's
 * Vector API kernel ({@link DenseLayer}) against the best plain-Java loop for it (row by row,
 * {@code y += x[k] * W[k]} over contiguous rows of W, a form C2 can auto-vectorise), both in
 * one run. Shapes as in {@link GemmBenchmark}: rows x in x out. docs/jdbc.md reports the ratio.
 *
 * <p>Run: {@code java --add-modules=jdk.incubator.vector --add-opens=java.base/java.nio=ALL-UNNAMED
 * -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main ScalarFallbackBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ScalarFallbackBenchmark {
  @Param({"64x2560x256", "64x256x256", "640x32x128"})
  public String shape;

  private int rows;
  private int in;
  private int out;
  private float[] x;
  private float[] columns;
  private float[] bias;
  private float[] y;
  private DenseLayer layer;

  /** Random weights and inputs of the chosen shape. */
  @Setup
  public void setUp() {
    int[] dims = Nd4jSetup.dims(shape);
    rows = dims[0];
    in = dims[1];
    out = dims[2];
    Random random = new Random(42);
    x = Nd4jSetup.random(random, rows * in, -1, 1);
    columns = Nd4jSetup.random(random, in * out, -0.1f, 0.1f);
    bias = Nd4jSetup.random(random, out, -0.1f, 0.1f);
    y = new float[rows * out];
    layer = DenseLayer.fromColumns(columns, bias, in, out, true);
  }

  /** The CPU backend's Vector API kernel. */
  @Benchmark
  public float[] vectorApi() {
    layer.apply(x, 0, in, rows, y, 0, out);
    return y;
  }

  /** The same layer in plain Java. */
  @Benchmark
  public float[] scalar() {
    for (int r = 0; r < rows; r++) {
      int yRow = r * out;
      System.arraycopy(bias, 0, y, yRow, out);
      for (int k = 0; k < in; k++) {
        float a = x[r * in + k];
        int wRow = k * out;
        for (int j = 0; j < out; j++) {
          y[yRow + j] += a * columns[wRow + j];
        }
      }
      for (int j = 0; j < out; j++) {
        y[yRow + j] = Math.max(0f, y[yRow + j]);
      }
    }
    return y;
  }
}
