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
  void floatExpIsWithinOneUlp() {
    Random random = new Random(3);
    float[] x = new float[32_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() * 180f - 100f;
    }
    float[] got = x.clone();
    VectorMath.exp(got, 0, got.length, new double[got.length]);
    for (int i = 0; i < x.length; i++) {
      assertTrue(ulps(got[i], (float) Math.exp(x[i])) <= 1, "exp(" + x[i] + ") = " + got[i]);
    }
  }

  @Test
  void powIsWithinOneUlpOverTheFloatRange() {
    Random random = new Random(4);
    float[] x = new float[32_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 2 == 0 ? random.nextFloat() * 4f : (float) Math.exp(random.nextDouble() * 120 - 60);
    }
    x[0] = 0f;
    x[1] = Float.NaN;
    for (float r : new float[] {1f, 1f / 0.7f, 1f / 0.3f, 0.5f}) {
      float[] got = x.clone();
      VectorMath.pow(got, 0, got.length, r, new double[got.length]);
      for (int i = 0; i < x.length; i++) {
        float expected = (float) Math.pow(x[i], r);
        assertTrue(ulps(got[i], expected) <= 1 || Float.isNaN(expected) && Float.isNaN(got[i]), "pow(" + x[i] + ", " + r + ") = " + got[i] + " vs " + expected);
      }
    }
  }
}
