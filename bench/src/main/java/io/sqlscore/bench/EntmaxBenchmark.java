package io.sqlscore.bench;

import io.sqlscore.udf.cpu.Entmax;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * ARM-Net gates for a 64-row tile: the CPU backend's lane-parallel Newton threshold
 * ({@link Entmax}) against the normative 50-step bisection as whole-array ND4J ops over a
 * {@code [rows·neurons, F]} matrix (the PyTorch reference's formulation), stopping once the
 * bracket stops moving.
 * Neurons 32 and 256 are the Adult and frappe-armnet sizes; alpha 1.5, 1.7 and 2.0 take the
 * square, pow and identity paths.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EntmaxBenchmark {
  private static final int ROWS = 64;
  private static final int FIELDS = 10;

  @Param({"1.5", "1.7", "2.0"})
  public double alpha;

  @Param({"32", "256"})
  public int neurons;

  private Entmax entmax;
  private float[] scores;
  private float[] gates;
  private float[] scratch;
  private INDArray x;
  private float am1;
  private float exponent;
  private float tauHiOffset;

  /** Random scores in both layouts. */
  @Setup
  public void setUp() {
    Nd4jSetup.singleThreaded();
    entmax = new Entmax(alpha, FIELDS);
    scores = Nd4jSetup.random(new Random(7), ROWS * FIELDS * neurons, -3, 3);
    gates = new float[FIELDS * neurons];
    scratch = new float[entmax.scratchSize()];
    float[] byNeuron = new float[scores.length];
    for (int r = 0; r < ROWS; r++) {
      for (int f = 0; f < FIELDS; f++) {
        for (int n = 0; n < neurons; n++) {
          byNeuron[(r * neurons + n) * FIELDS + f] = scores[(r * FIELDS + f) * neurons + n];
        }
      }
    }
    x = Nd4jSetup.array(byNeuron, (long) ROWS * neurons, FIELDS);
    am1 = (float) alpha - 1f;
    exponent = 1f / am1;
    tauHiOffset = (float) Math.pow(1.0 / FIELDS, am1);
  }

  /** The CPU backend's kernel, row by row. */
  @Benchmark
  public float[] vectorApi() {
    for (int r = 0; r < ROWS; r++) {
      entmax.gates(scores, r * FIELDS * neurons, neurons, 1f, gates, 0, scratch);
    }
    return gates;
  }

  /** ND4J: the bisection on the whole tile at once. */
  @Benchmark
  public INDArray nd4j() {
    INDArray xs = x.mul(am1);
    INDArray max = xs.max(1).reshape(-1, 1);
    INDArray tauLo = max.sub(1f);
    INDArray tauHi = max.sub(tauHiOffset);
    INDArray fLo = p(xs, tauLo).sum(1).reshape(-1, 1).subi(1f);
    INDArray dm = tauHi.sub(tauLo);
    INDArray tauM = tauLo;
    for (int it = 0; it < 50; it++) {
      dm.divi(2f);
      tauM = tauLo.add(dm);
      if (tauM.equalsWithEps(tauLo, 0)) {
        break;
      }
      INDArray fM = p(xs, tauM).sum(1).reshape(-1, 1).subi(1f);
      tauLo = tauLo.add(fM.mul(fLo).gte(0).castTo(DataType.FLOAT).muli(tauM.sub(tauLo)));
    }
    INDArray p = p(xs, tauM);
    return p.diviColumnVector(p.sum(1).reshape(-1, 1));
  }

  private INDArray p(INDArray xs, INDArray tau) {
    INDArray d = Transforms.relu(xs.subColumnVector(tau), false);
    return exponent == 1f ? d : exponent == 2f ? d.muli(d) : Transforms.pow(d, exponent, false);
  }
}
