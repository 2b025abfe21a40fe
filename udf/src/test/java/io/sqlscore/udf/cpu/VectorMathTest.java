package io.sqlscore.udf.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorMathTest {
  private static final int DL = VectorMath.DOUBLES.length();
  private static final int FL = VectorMath.FLOATS.length();

  private static double[] expOf(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i += DL) {
      VectorMath.exp(DoubleVector.fromArray(VectorMath.DOUBLES, x, i)).intoArray(out, i);
    }
    return out;
  }

  private static int ulps(float a, float b) {
    return Math.abs(Float.floatToIntBits(a) - Float.floatToIntBits(b));
  }

  @Test
  void doubleExpIsAccurateAcrossTheRange() {
    Random random = new Random(1);
    double[] x = new double[64_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 2 == 0 ? random.nextDouble() * 1400 - 700 : random.nextGaussian() * 0.05;
    }
    double[] got = expOf(x);
    for (int i = 0; i < x.length; i++) {
      double expected = Math.exp(x[i]);
      assertTrue(Math.abs(got[i] - expected) <= 1e-14 * expected, "exp(" + x[i] + ") = " + got[i]);
    }
  }

  @Test
  void doubleExpHandlesOverflowUnderflowAndNan() {
    double[] x = new double[DL];
    x[0] = 1000;
    x[1] = -1000;
    x[2 % DL] = Double.NaN;
    double[] got = expOf(x);
    assertEquals(Double.POSITIVE_INFINITY, got[0]);
    assertEquals(0.0, got[1]);
    assertTrue(Double.isNaN(got[2 % DL]));
  }

  @Test
  void doubleLogIsAccurate() {
    Random random = new Random(2);
    double[] x = new double[64_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 2 == 0 ? Math.exp(random.nextDouble() * 1400 - 700) : 1 + random.nextGaussian() * 1e-3;
    }
    double[] got = new double[x.length];
    for (int i = 0; i < x.length; i += DL) {
      VectorMath.log(DoubleVector.fromArray(VectorMath.DOUBLES, x, i)).intoArray(got, i);
    }
    for (int i = 0; i < x.length; i++) {
      double expected = Math.log(x[i]);
      assertTrue(
          Math.abs(got[i] - expected) <= 4e-16 * Math.max(1, Math.abs(expected)), "log(" + x[i] + ") = " + got[i]);
    }
  }

  @Test
  void floatExpAndPowAreWithinOneUlp() {
    Random random = new Random(3);
    float[] x = new float[32_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 3 == 0 ? random.nextFloat() * 1e-3f : random.nextFloat() * 20f - 10f;
    }
    x[0] = 0f;
    float[] got = new float[x.length];
    for (int i = 0; i < x.length; i += FL) {
      VectorMath.exp(FloatVector.fromArray(VectorMath.FLOATS, x, i)).intoArray(got, i);
    }
    for (int i = 0; i < x.length; i++) {
      assertTrue(ulps(got[i], (float) Math.exp(x[i])) <= 1, "exp(" + x[i] + ")");
    }
    for (float r : new float[] {1f / 0.7f, 1f / 0.3f, 0.5f, 2f}) {
      for (int i = 0; i < x.length; i += FL) {
        VectorMath.pow(FloatVector.fromArray(VectorMath.FLOATS, x, i).abs(), r).intoArray(got, i);
      }
      for (int i = 0; i < x.length; i++) {
        float expected = (float) Math.pow(Math.abs(x[i]), r);
        assertTrue(ulps(got[i], expected) <= 1, "pow(" + x[i] + ", " + r + ") = " + got[i] + " vs " + expected);
      }
    }
  }
}
