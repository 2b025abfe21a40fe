package io.sqlscore.bench;

import io.sqlscore.udf.cpu.DenseLayer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
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
 * A Linear + ReLU layer, {@code y = relu(x · W + b)} for rows x cols, at the shapes the models
 * use per 64-row tile and per single row: the CPU backend's packed Vector API kernel
 * ({@link DenseLayer}) against ND4J's sgemm (OpenBLAS) plus bias and ReLU ops.
 *
 * <p>Shapes are {@code rows x in x out}: 64x2560x256 is frappe-armnet's first MLP layer,
 * 64x256x256 a hidden MLP layer, 640x32x128 an AutoInt projection (64 rows of 10 fields),
 * 1x... the same at batch size 1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {
  @Param({"64x2560x256", "64x256x256", "640x32x128", "1x2560x256", "1x256x256"})
  public String shape;

  private int rows;
  private int in;
  private int out;
  private float[] x;
  private float[] y;
  private DenseLayer layer;
  private INDArray xs;
  private INDArray weights;
  private INDArray bias;
  private INDArray ys;

  /** Random weights and inputs of the chosen shape. */
  @Setup
  public void setUp() {
    Nd4jSetup.singleThreaded();
    int[] dims = Nd4jSetup.dims(shape);
    rows = dims[0];
    in = dims[1];
    out = dims[2];
    Random random = new Random(42);
    x = Nd4jSetup.random(random, rows * in, -1, 1);
    float[] columns = Nd4jSetup.random(random, in * out, -0.1f, 0.1f);
    float[] b = Nd4jSetup.random(random, out, -0.1f, 0.1f);
    y = new float[rows * out];
    layer = DenseLayer.fromColumns(columns, b, in, out, true);
    xs = Nd4jSetup.array(x, rows, in);
    weights = Nd4jSetup.array(columns, in, out);
    bias = Nd4jSetup.array(b, 1, out);
    ys = Nd4j.create(DataType.FLOAT, rows, out);
  }

  /** The CPU backend's kernel. */
  @Benchmark
  public float[] vectorApi() {
    layer.apply(x, 0, in, rows, y, 0, out);
    return y;
  }

  /** ND4J: sgemm, bias, ReLU, each in place. */
  @Benchmark
  public INDArray nd4j() {
    xs.mmuli(weights, ys);
    ys.addiRowVector(bias);
    return Transforms.relu(ys, false);
  }
}
