package io.sqlscore.bench;

import io.sqlscore.udf.cpu.InteractingLayer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
 * One AutoInt interacting layer for a 64-row tile (projections, per-head attention, residual,
 * ReLU, LayerNorm): the CPU backend's {@link InteractingLayer}, which runs blocks of
 * {@link InteractingLayer#LANES} rows with one row per vector lane, against ND4J: one GEMM for
 * the projections and batched matmuls and softmax over {@code [rows·H, F, dh]} for the
 * attention. Shapes
 * {@code F x in x d x H}: frappe AutoInt (10x32x32x2) and the Adult AutoInt+ (14x16x16x2).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AttentionBenchmark {
  private static final int ROWS = 64;

  @Param({"10x32x32x2", "14x16x16x2"})
  public String shape;

  private int fields;
  private int in;
  private int d;
  private int heads;
  private InteractingLayer layer;
  private InteractingLayer.Workspace workspace;
  private float[] x;
  private float[] out;
  private float[] block;
  private INDArray xs;
  private INDArray projection;
  private INDArray projectionBias;
  private INDArray gamma;
  private INDArray beta;

  /** Random weights and inputs. */
  @Setup
  public void setUp() {
    Nd4jSetup.singleThreaded();
    int[] dims = Nd4jSetup.dims(shape);
    fields = dims[0];
    in = dims[1];
    d = dims[2];
    heads = dims[3];
    Random random = new Random(5);
    float[][] weights = new float[4][];
    float[][] biases = new float[4][];
    float[] columns = new float[in * 4 * d];
    float[] bias = new float[4 * d];
    for (int part = 0; part < 4; part++) {
      weights[part] = Nd4jSetup.random(random, d * in, -0.3f, 0.3f);
      biases[part] = Nd4jSetup.random(random, d, -0.1f, 0.1f);
      for (int c = 0; c < d; c++) {
        for (int p = 0; p < in; p++) {
          columns[p * 4 * d + part * d + c] = weights[part][c * in + p];
        }
        bias[part * d + c] = biases[part][c];
      }
    }
    float[] g = Nd4jSetup.random(random, d, 0.5f, 1.5f);
    float[] b = Nd4jSetup.random(random, d, -0.1f, 0.1f);
    layer = new InteractingLayer(fields, heads, in, d, weights, biases, g, b);
    workspace = layer.newWorkspace();
    x = Nd4jSetup.random(random, ROWS * fields * in, -1f, 1f);
    out = new float[ROWS * fields * d];
    block = new float[fields * d * InteractingLayer.LANES];
    xs = Nd4jSetup.array(x, (long) ROWS * fields, in);
    projection = Nd4jSetup.array(columns, in, 4L * d);
    projectionBias = Nd4jSetup.array(bias, 1, 4L * d);
    gamma = Nd4jSetup.array(g, 1, d);
    beta = Nd4jSetup.array(b, 1, d);
  }

  /** The CPU backend's layer, block by block (x and out read as lane-major blocks). */
  @Benchmark
  public float[] vectorApi() {
    int lanes = InteractingLayer.LANES;
    for (int b = 0; b < ROWS / lanes; b++) {
      layer.forward(x, b * fields * in * lanes, block, 0, null, b * lanes, lanes, workspace);
      System.arraycopy(block, 0, out, b * block.length, block.length);
    }
    return out;
  }

  /** ND4J: GEMM, batched attention matmuls and softmax, residual, LayerNorm. */
  @Benchmark
  public INDArray nd4j() {
    int dh = d / heads;
    INDArray p = Transforms.relu(xs.mmul(projection).addiRowVector(projectionBias), false);
    INDArray q = byHead(p, 0, dh);
    INDArray k = byHead(p, 1, dh);
    INDArray v = byHead(p, 2, dh);
    INDArray scores = Nd4j.matmul(q, k, false, true, false).divi((float) Math.sqrt(dh));
    INDArray attention = Transforms.softmax(scores.reshape((long) ROWS * heads * fields, fields), false)
        .reshape(ROWS, heads, fields, fields);
    INDArray u = Nd4j.matmul(attention, v).permute(0, 2, 1, 3).dup('c').reshape((long) ROWS * fields, d);
    INDArray z = Transforms.relu(u.addi(p.get(NDArrayIndex.all(), NDArrayIndex.interval(3 * d, 4 * d))), false);
    INDArray centered = z.subiColumnVector(z.mean(true, 1));
    INDArray std = Transforms.sqrt(centered.mul(centered).mean(true, 1).addi(1e-8f), false);
    return centered.diviColumnVector(std).muliRowVector(gamma).addiRowVector(beta).castTo(DataType.FLOAT);
  }

  private INDArray byHead(INDArray p, int part, int dh) {
    return p.get(NDArrayIndex.all(), NDArrayIndex.interval(part * d, (part + 1) * d))
        .dup('c')
        .reshape(ROWS, fields, heads, dh)
        .permute(0, 2, 1, 3)
        .dup('c');
  }
}
