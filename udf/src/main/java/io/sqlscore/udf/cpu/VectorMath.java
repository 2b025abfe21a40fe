package io.sqlscore.udf.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and pow on vectors, built only from IEEE basic operations (add, multiply, fused
 * multiply-add, divide, conversions, bit manipulation).
 *
 * <p>The Vector API's own {@code EXP} and {@code POW} run the compiler's SVML intrinsics once a
 * method is JIT-compiled but a per-lane {@code Math} fallback before that, and the two differ by
 * an ulp now and then. Results would then depend on how warm the JVM is, which breaks the
 * promise that a row scores the same on every call and every thread. These functions give the
 * same bits in every execution mode. Accuracy: exp about 1e-15 relative in double (for ARM-Net's
 * exponential neurons, whose BatchNorm magnifies their rounding); the float exp and pow are
 * evaluated in float, twice the lanes of double, to a few float ulps (see each). Exponents
 * become floating-point numbers through the bits of 2^23 rather than a lane conversion, which
 * C2 does not compile on AVX2.
 *
 * <p>The functions work in place on arrays and no vector crosses a method boundary: a vector
 * passed to or returned from a method that the JIT does not inline (and Vector API helpers are
 * often too big to inline) is boxed, which costs far more than the math. So each function is
 * one loop over an array, and pow is a pass of r · ln x followed by a pass of the float exp.
 */
final class VectorMath {
  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

  private static final double LOG2E = 1.4426950408889634;
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double ROUND_SHIFT = 6755399441055744.0; // 1.5 * 2^52
  private static final long ROUND_SHIFT_BITS = Double.doubleToRawLongBits(ROUND_SHIFT);
  private static final double EXP_MAX = 709.78;
  private static final double EXP_MIN = -708.39;
  /** 2^23: or-ing a small non-negative integer n into its mantissa gives 2^23 + n. */
  private static final float TWO_23 = 8388608f;
  private static final int TWO_23_BITS = Float.floatToRawIntBits(TWO_23);
  private static final double[] EXP_COEFFS = new double[12];
  private static final float LN2_HI_F = 0.693145751953125f;
  private static final float LN2_LO_F = 1.428606765330187e-6f;
  private static final float ROUND_SHIFT_F = 12582912f; // 1.5 * 2^23
  private static final int ROUND_SHIFT_F_BITS = Float.floatToRawIntBits(ROUND_SHIFT_F);
  private static final float EXP_MAX_F = 88.72284f;
  private static final float EXP_MIN_F = -104f;
  private static final float SQRT2_F = 1.4142135f;
  /** e^g = Σ g^n / n! for |g| ≤ ln(2)/2: the truncation error is below 3e-9. */
  private static final float[] EXP_COEFFS_F = new float[8];
  /** ln m = 2 Σ s^(2n+1) / (2n+1) with s = (m−1)/(m+1), |s| ≤ 0.172: the truncation error is below 2e-9. */
  private static final float[] LOG_COEFFS_F = new float[5];

  static {
    double factorial = 1;
    for (int n = 0; n < EXP_COEFFS.length; n++) {
      factorial *= Math.max(n, 1);
      EXP_COEFFS[n] = 1.0 / factorial;
    }
    for (int n = 0; n < EXP_COEFFS_F.length; n++) {
      EXP_COEFFS_F[n] = (float) EXP_COEFFS[n];
    }
    for (int n = 0; n < LOG_COEFFS_F.length; n++) {
      LOG_COEFFS_F[n] = 2f / (2 * n + 1);
    }
  }

  private VectorMath() {}

  /**
   * e^x in place for {@code a[from, to)} (a multiple of {@code DOUBLES.length()} long): +∞ above
   * 709.78, 0 below −708.39 (no subnormal results), NaN stays NaN.
   */
  static void exp(double[] a, int from, int to) {
    DoubleVector ln2Hi = DoubleVector.broadcast(DOUBLES, LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(DOUBLES, LN2_LO);
    for (int i = from; i < to; i += DOUBLES.length()) {
      DoubleVector x = DoubleVector.fromArray(DOUBLES, a, i);
      DoubleVector clamped = x.max(EXP_MIN).min(EXP_MAX);
      DoubleVector shifted = clamped.mul(LOG2E).add(ROUND_SHIFT);
      DoubleVector k = shifted.sub(ROUND_SHIFT);
      DoubleVector r = k.neg().fma(ln2Hi, clamped);
      r = k.neg().fma(ln2Lo, r);
      DoubleVector p = DoubleVector.broadcast(DOUBLES, EXP_COEFFS[EXP_COEFFS.length - 1]);
      for (int n = EXP_COEFFS.length - 2; n >= 0; n--) {
        p = p.fma(r, DoubleVector.broadcast(DOUBLES, EXP_COEFFS[n]));
      }
      LongVector exponent =
          shifted.reinterpretAsLongs().sub(ROUND_SHIFT_BITS).add(1023).lanewise(VectorOperators.LSHL, 52);
      DoubleVector result = p.mul(exponent.reinterpretAsDoubles());
      result = result.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
      result = result.blend(0.0, x.compare(VectorOperators.LT, EXP_MIN));
      result.blend(x, x.compare(VectorOperators.NE, x)).intoArray(a, i);
    }
  }

  /**
   * x^r in place for {@code a[from, to)} (a multiple of {@code FLOATS.length()} long), evaluated
   * in float as e^(r · ln x), with a relative error of at most about 4 float ulps times
   * {@code max(1, |r · ln x|)} (VectorMathTest), subnormal results included. x ≤ 0 gives 0
   * whatever the sign of r, NaN stays NaN, x below the smallest normal float counts as that.
   * Twice the lanes of a double evaluation and short series: about 3x cheaper than exp(r·log x)
   * in double, which entmax's pow-per-field-per-step made the cost of ARM-Net at α ∉ {1.5, 2}.
   */
  static void pow(float[] a, int from, int to, float r) {
    logTimes(a, from, to, r);
    exp(a, from, to);
  }

  /** r · ln x in place, in float; x ≤ 0 gives −∞, NaN stays NaN. */
  private static void logTimes(float[] a, int from, int to, float r) {
    FloatVector ln2Hi = FloatVector.broadcast(FLOATS, LN2_HI_F);
    FloatVector ln2Lo = FloatVector.broadcast(FLOATS, LN2_LO_F);
    for (int i = from; i < to; i += FLOATS.length()) {
      FloatVector x = FloatVector.fromArray(FLOATS, a, i);
      IntVector bits = x.max(Float.MIN_NORMAL).viewAsIntegralLanes();
      FloatVector e =
          bits.lanewise(VectorOperators.LSHR, 23).or(TWO_23_BITS).viewAsFloatingLanes().sub(TWO_23 + 127f);
      FloatVector m = bits.and(0x007fffff).or(0x3f800000).viewAsFloatingLanes();
      VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2_F);
      m = m.blend(m.mul(0.5f), big);
      e = e.blend(e.add(1f), big);
      FloatVector s = m.sub(1f).div(m.add(1f));
      FloatVector z = s.mul(s);
      FloatVector p = FloatVector.broadcast(FLOATS, LOG_COEFFS_F[LOG_COEFFS_F.length - 1]);
      for (int c = LOG_COEFFS_F.length - 2; c >= 0; c--) {
        p = p.fma(z, FloatVector.broadcast(FLOATS, LOG_COEFFS_F[c]));
      }
      e.fma(ln2Hi, e.fma(ln2Lo, s.mul(p)))
          .mul(r)
          .blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.LE, 0f))
          .blend(x, x.compare(VectorOperators.NE, x))
          .intoArray(a, i);
    }
  }

  /**
   * e^x in place for {@code a[from, to)} (a multiple of {@code FLOATS.length()} long), in float:
   * within 2 float ulps of the correctly rounded result (VectorMathTest), subnormal results
   * included; +∞ above ln(Float.MAX_VALUE), 0 below −104, NaN stays NaN.
   */
  static void exp(float[] a, int from, int to) {
    FloatVector ln2Hi = FloatVector.broadcast(FLOATS, LN2_HI_F);
    FloatVector ln2Lo = FloatVector.broadcast(FLOATS, LN2_LO_F);
    for (int i = from; i < to; i += FLOATS.length()) {
      FloatVector t = FloatVector.fromArray(FLOATS, a, i);
      FloatVector clamped = t.max(EXP_MIN_F).min(EXP_MAX_F);
      FloatVector shifted = clamped.mul((float) LOG2E).add(ROUND_SHIFT_F);
      FloatVector k = shifted.sub(ROUND_SHIFT_F);
      FloatVector g = k.neg().fma(ln2Hi, clamped);
      g = k.neg().fma(ln2Lo, g);
      FloatVector q = FloatVector.broadcast(FLOATS, EXP_COEFFS_F[EXP_COEFFS_F.length - 1]);
      for (int c = EXP_COEFFS_F.length - 2; c >= 0; c--) {
        q = q.fma(g, FloatVector.broadcast(FLOATS, EXP_COEFFS_F[c]));
      }
      // 2^k in two factors, so that results near the ends of the float range neither overflow
      // early nor lose their subnormal digits.
      IntVector k2 = shifted.viewAsIntegralLanes().sub(ROUND_SHIFT_F_BITS);
      IntVector k1 = k2.max(-126).min(127);
      k2 = k2.sub(k1);
      q.mul(k1.add(127).lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes())
          .mul(k2.add(127).lanewise(VectorOperators.LSHL, 23).viewAsFloatingLanes())
          .blend(Float.POSITIVE_INFINITY, t.compare(VectorOperators.GT, EXP_MAX_F))
          .blend(0f, t.compare(VectorOperators.LT, EXP_MIN_F))
          .blend(t, t.compare(VectorOperators.NE, t))
          .intoArray(a, i);
    }
  }
}
