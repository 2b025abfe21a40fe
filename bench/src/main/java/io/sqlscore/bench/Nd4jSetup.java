package io.sqlscore.bench;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shared set-up of the JMH comparisons: ND4J limited to one thread (the CPU backend runs one
 * thread per row range, so each side gets one core), shape parameters and seeded random inputs.
 */
final class Nd4jSetup {
  private Nd4jSetup() {}

  /** Limits ND4J's OpenMP and BLAS threads to one. */
  static void singleThreaded() {
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    Nd4j.factory().blas().setMaxThreads(1);
  }

  /** The sizes of a JMH shape parameter such as {@code "64x256x256"}. */
  static int[] dims(String shape) {
    String[] parts = shape.split("x");
    int[] dims = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      dims[i] = Integer.parseInt(parts[i]);
    }
    return dims;
  }

  /** {@code n} floats uniform in [lo, hi). */
  static float[] random(Random random, int n, float lo, float hi) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = lo + random.nextFloat() * (hi - lo);
    }
    return out;
  }

  /** An ND4J float matrix of the given shape holding {@code values} (row-major). */
  static INDArray array(float[] values, long... shape) {
    return Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT);
  }
}
