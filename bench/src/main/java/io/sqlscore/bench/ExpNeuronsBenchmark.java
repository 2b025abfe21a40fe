package io.sqlscore.bench;

import io.sqlscore.udf.cpu.ExponentialNeurons;
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
 * ARM-Net's exponential neurons and arm_bn for a 64-row tile, {@code bn(exp(w · e))} with exp
 * and BatchNorm in double: the CPU backend's per-row kernel ({@link ExponentialNeurons})
 * against ND4J's batched matmul {@code [rows, neurons, F] x [rows, F, E]} followed by a cast to
 * double, exp and the per-neuron affine. Shapes {@code neurons x F x E}: frappe-armnet
 * (256x10x10) and the Adult ARM-Net+ (32x14x8).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ExpNeuronsBenchmark {
  private static final int ROWS = 64;

  @Param({"256x10x10", "32x14x8"})
  public String shape;

  private int fields;
  private int emb;
  private int stride;
  private ExponentialNeurons neurons;
  private ExponentialNeurons.Workspace workspace;
  private float[] weights;
  private float[] embeddings;
  private float[] hidden;
  private INDArray weights3;
  private INDArray embeddings3;
  private INDArray scale;
  private INDArray shift;

  /** Random interaction weights, embeddings and BatchNorm statistics. */
  @Setup
  public void setUp() {
    Nd4jSetup.singleThreaded();
    int[] dims = Nd4jSetup.dims(shape);
    int count = dims[0];
    fields = dims[1];
    emb = dims[2];
    Random random = new Random(3);
    float[] gamma = Nd4jSetup.random(random, count, 0.5f, 2f);
    float[] beta = Nd4jSetup.random(random, count, -1f, 1f);
    float[] mean = Nd4jSetup.random(random, count, 0.9f, 1.1f);
    float[] var = Nd4jSetup.random(random, count, 1e-5f, 1e-3f);
    neurons = new ExponentialNeurons(fields, emb, count, gamma, beta, mean, var);
    stride = neurons.stride();
    workspace = neurons.newWorkspace();
    weights = Nd4jSetup.random(random, fields * stride, 0f, 0.3f);
    embeddings = Nd4jSetup.random(random, ROWS * fields * emb, -0.05f, 0.05f);
    hidden = new float[emb * stride];
    float[] byNeuron = new float[ROWS * count * fields];
    for (int r = 0; r < ROWS; r++) {
      for (int n = 0; n < count; n++) {
        for (int f = 0; f < fields; f++) {
          byNeuron[(r * count + n) * fields + f] = weights[f * stride + n];
        }
      }
    }
    weights3 = Nd4jSetup.array(byNeuron, ROWS, count, fields);
    embeddings3 = Nd4jSetup.array(embeddings, ROWS, fields, emb);
    double[] s = new double[ROWS * count];
    double[] t = new double[ROWS * count];
    for (int r = 0; r < ROWS; r++) {
      for (int n = 0; n < count; n++) {
        s[r * count + n] = gamma[n] / Math.sqrt(var[n] + 1e-5);
        t[r * count + n] = beta[n] - mean[n] * s[r * count + n];
      }
    }
    scale = Nd4j.create(s, new long[] {(long) ROWS * count, 1}, 'c');
    shift = Nd4j.create(t, new long[] {(long) ROWS * count, 1}, 'c');
  }

  /** The CPU backend's kernel, row by row. */
  @Benchmark
  public float[] vectorApi() {
    for (int r = 0; r < ROWS; r++) {
      neurons.apply(weights, embeddings, r * fields * emb, hidden, 0, workspace);
    }
    return hidden;
  }

  /** ND4J: batched matmul, then exp and BatchNorm in double, back to float. */
  @Benchmark
  public INDArray nd4j() {
    INDArray z = Nd4j.matmul(weights3, embeddings3).castTo(DataType.DOUBLE).reshape(scale.rows(), emb);
    Transforms.exp(z, false);
    return z.muliColumnVector(scale).addiColumnVector(shift).castTo(DataType.FLOAT);
  }
}
