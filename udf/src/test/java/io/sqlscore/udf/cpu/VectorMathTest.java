package io.sqlscore.udf.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorMathTest {
  private static final int DL = VectorMath.DOUBLES.length();

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
    double[] got = x.clone();
    VectorMath.exp(got, 0, got.length);
    for (int i = 0; i < x.length; i++) {
      double expected = Math.exp(x[i]);
      assertTrue(Math.abs(got[i] - expected) <= 1e-14 * expected, "exp(" + x[i] + ") = " + got[i]);
    }
  }

  @Test
  void doubleExpHandlesOverflowUnderflowAndNan() {
    double[] got = new double[DL * 2];
    got[0] = 1000;
    got[1] = -1000;
    got[2] = Double.NaN;
    VectorMath.exp(got, 0, got.length);
    assertEquals(Double.POSITIVE_INFINITY, got[0]);
    assertEquals(0.0, got[1]);
    assertTrue(Double.isNaN(got[2]));
    assertEquals(1.0, got[3]);
  }

  @Test
  void floatExpIsWithinTwoUlps() {
    Random random = new Random(3);
    float[] x = new float[32_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 2 == 0 ? random.nextFloat() * 192f - 103f : random.nextFloat() * 2f - 1f;
    }
    float[] got = x.clone();
    VectorMath.exp(got, 0, got.length);
    for (int i = 0; i < x.length; i++) {
      assertTrue(ulps(got[i], (float) Math.exp(x[i])) <= 2, "exp(" + x[i] + ") = " + got[i]);
    }
  }

  @Test
  void floatExpAtTheEndsOfTheRange() {
    float[] got = padded(88.72f, 89f, -104.5f, Float.NaN, 0f, Float.NEGATIVE_INFINITY, -100f);
    VectorMath.exp(got, 0, got.length);
    assertEquals((float) Math.exp(88.72f), got[0], Math.ulp(got[0]) * 2);
    assertEquals(Float.POSITIVE_INFINITY, got[1]);
    assertEquals(0f, got[2]);
    assertTrue(Float.isNaN(got[3]));
    assertEquals(1f, got[4], "e^0 is exactly 1");
    assertEquals(0f, got[5]);
    assertTrue(got[6] > 0f && ulps(got[6], (float) Math.exp(-100)) <= 1, "a subnormal result is kept");
  }

  @Test
  void powIsWithinAFewUlpsPerUnitOfItsLogarithm() {
    Random random = new Random(4);
    float[] x = new float[32_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 2 == 0 ? random.nextFloat() * 1.2f : (float) Math.exp(random.nextDouble() * 86 - 85);
    }
    for (float r : new float[] {1f / 0.7f, 0.7f / 0.3f - 1f, 2f, 19f, 0.5f, -0.5f, -0.9f, 99f}) {
      float[] got = x.clone();
      VectorMath.pow(got, 0, got.length, r);
      for (int i = 0; i < x.length; i++) {
        double exact = Math.pow(x[i], r);
        double bound = 4 * Math.max(1, Math.abs(r * Math.log(x[i]))) * Math.ulp((float) exact);
        assertTrue(Math.abs(got[i] - exact) <= bound, "pow(" + x[i] + ", " + r + ") = " + got[i] + " vs " + exact);
      }
    }
  }

  @Test
  void powOfZeroNegativeAndNanAndAtTheEndsOfTheRange() {
    float[] got = padded(0f, -1f, Float.NaN, 1f, 1e-30f);
    VectorMath.pow(got, 0, got.length, -0.5f);
    assertEquals(0f, got[0], "0 gives 0 even for a negative exponent");
    assertEquals(0f, got[1]);
    assertTrue(Float.isNaN(got[2]));
    assertEquals(1f, got[3], "1^r is exactly 1");
    assertEquals(1e15f, got[4], 1e15f * 1e-6f);
    float[] tiny = padded(0.01f);
    VectorMath.pow(tiny, 0, tiny.length, 21f);
    assertEquals((float) Math.pow(0.01f, 21), tiny[0], 4 * 97 * Float.MIN_VALUE, "a subnormal result is kept");
    assertTrue(tiny[0] > 0f);
    float[] huge = padded(2f, 3f);
    VectorMath.pow(huge, 0, huge.length, 127.9f);
    assertEquals((float) Math.pow(2, 127.9), huge[0], Math.ulp((float) Math.pow(2, 127.9)) * 400);
    assertEquals(Float.POSITIVE_INFINITY, huge[1]);
  }

  /** The values followed by zeros up to a whole number of float vectors. */
  private static float[] padded(float... values) {
    int lanes = VectorMath.FLOATS.length();
    return java.util.Arrays.copyOf(values, (values.length + lanes - 1) / lanes * lanes);
  }
}
