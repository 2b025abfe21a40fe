package io.sqlscore.udf.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Newton threshold of {@link Entmax} against MODELS.md section 3's normative 50-step float32
 * bisection and the same bisection in float64, over α from near-softmax to sparser than
 * sparsemax, field counts from 2 to 33 and scores from flat to peaked (ties and one-hot rows
 * included).
 */
class EntmaxTest {
  private static final int LANES = Entmax.LANES;

  /** Normative bisection of one score vector (already scaled), float32 or float64. */
  private static double[] bisection(double[] s, double alpha, boolean float32) {
    int fields = s.length;
    double am1 = float32 ? (float) ((float) alpha - 1f) : alpha - 1;
    double r = float32 ? (float) (1f / (float) am1) : 1 / am1;
    double[] x = new double[fields];
    double max = Double.NEGATIVE_INFINITY;
    for (int f = 0; f < fields; f++) {
      x[f] = round(s[f] * am1, float32);
      max = Math.max(max, x[f]);
    }
    double lo = round(max - 1, float32);
    double hi = round(max - round(Math.pow(round(1.0 / fields, float32), am1), float32), float32);
    double fLo = sum(powers(x, lo, r, float32), float32) - 1;
    double dm = round(hi - lo, float32);
    double[] p = null;
    for (int it = 0; it < 50; it++) {
      dm = round(dm / 2, float32);
      double mid = round(lo + dm, float32);
      p = powers(x, mid, r, float32);
      double fMid = round(sum(p, float32) - 1, float32);
      if (round(fMid * fLo, float32) >= 0) {
        lo = mid;
      }
    }
    double total = sum(p, float32);
    for (int f = 0; f < fields; f++) {
      p[f] = round(p[f] / total, float32);
    }
    return p;
  }

  private static double[] powers(double[] x, double tau, double r, boolean float32) {
    double[] p = new double[x.length];
    for (int f = 0; f < x.length; f++) {
      p[f] = round(Math.pow(Math.max(round(x[f] - tau, float32), 0), r), float32);
    }
    return p;
  }

  private static double sum(double[] p, boolean float32) {
    double total = 0;
    for (double v : p) {
      total = round(total + v, float32);
    }
    return total;
  }

  private static double round(double v, boolean float32) {
    return float32 ? (float) v : v;
  }

  /** Scores [F][stride] for 4 lane groups: gaussian at several spreads, ties, one-hot. */
  private static float[] scores(int fields, int stride, Random random) {
    float[] s = new float[fields * stride];
    for (int n = 0; n < stride; n++) {
      double spread = new double[] {0.05, 0.5, 2, 8}[n % 4];
      for (int f = 0; f < fields; f++) {
        s[f * stride + n] = (float) (random.nextGaussian() * spread);
      }
      if (n % 7 == 3) {
        s[stride + n] = s[n];
      }
      if (n % 11 == 5) {
        for (int f = 0; f < fields; f++) {
          s[f * stride + n] = f == 1 ? 30f : 0f;
        }
      }
      if (n % 13 == 6) {
        for (int f = 0; f < fields; f++) {
          s[f * stride + n] = 0.25f;
        }
      }
    }
    return s;
  }

  /**
   * For α ≤ 2 (every model seen in practice): the same support as the normative bisection and
   * every gate within 1e-6 of it and of the float64 reference. For α > 2 float32 itself is
   * ill-conditioned: with r = 1/(α−1) < 1 a field one float ulp above the threshold gets a gate
   * of about ulp^r (5e-3 at α = 4), so the normative bisection is up to 1.5e-2 from float64
   * there; the gates must stay within four times the bisection's own distance from float64.
   */
  @ParameterizedTest
  @ValueSource(doubles = {1.05, 1.3, 1.5, 1.7, 2.0, 2.5, 4.0})
  void matchesTheNormativeBisectionAndTheFloat64Reference(double alpha) {
    Random random = new Random(Double.hashCode(alpha));
    for (int fields : new int[] {2, 3, 10, 14, 33}) {
      int stride = 64 * LANES;
      Entmax entmax = new Entmax(alpha, fields);
      float[] s = scores(fields, stride, random);
      float[] g = new float[s.length];
      entmax.gates(s, 0, stride, 1f, g, 0, new float[entmax.scratchSize()]);
      double worst32 = 0;
      double worst64 = 0;
      double normativeFrom64 = 0;
      for (int n = 0; n < stride; n++) {
        double[] row = new double[fields];
        for (int f = 0; f < fields; f++) {
          row[f] = s[f * stride + n];
        }
        double[] normative = bisection(row, alpha, true);
        double[] reference = bisection(row, alpha, false);
        double sum = 0;
        for (int f = 0; f < fields; f++) {
          float got = g[f * stride + n];
          if (alpha <= 2) {
            String where = "alpha " + alpha + ", F " + fields + ", neuron " + n + ", field " + f;
            assertEquals(normative[f] > 0, got > 0, "support differs from the normative bisection at " + where);
          }
          worst32 = Math.max(worst32, Math.abs(got - normative[f]));
          worst64 = Math.max(worst64, Math.abs(got - reference[f]));
          normativeFrom64 = Math.max(normativeFrom64, Math.abs(normative[f] - reference[f]));
          sum += got;
        }
        assertEquals(1.0, sum, 1e-5, "gates sum to 1");
      }
      String what = "alpha " + alpha + ", F " + fields + ": ";
      if (alpha <= 2) {
        assertTrue(worst32 <= 1e-6, what + worst32 + " from the float32 bisection");
        assertTrue(worst64 <= 1e-6, what + worst64 + " from the float64 reference");
      } else {
        assertTrue(worst64 <= 4 * normativeFrom64 + 1e-6,
            what + worst64 + " from the float64 reference, the bisection " + normativeFrom64);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.5, 1.7, 2.0})
  void equalScoresGetEqualGatesAndNanScoresGiveNanGates(double alpha) {
    int fields = 5;
    Entmax entmax = new Entmax(alpha, fields);
    float[] s = new float[fields * LANES];
    for (int f = 0; f < fields; f++) {
      s[f * LANES] = 0.3f;
      s[f * LANES + 1] = f == 2 ? Float.NaN : f;
    }
    float[] g = new float[s.length];
    entmax.gates(s, 0, LANES, 1f, g, 0, new float[entmax.scratchSize()]);
    float[] equal = new float[fields];
    for (int f = 0; f < fields; f++) {
      equal[f] = g[f * LANES];
      assertTrue(Float.isNaN(g[f * LANES + 1]), "field " + f);
    }
    assertArrayEquals(new float[] {0.2f, 0.2f, 0.2f, 0.2f, 0.2f}, equal, 1e-7f);
  }
}
