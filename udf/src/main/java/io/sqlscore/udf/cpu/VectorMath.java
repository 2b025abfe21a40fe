package io.sqlscore.udf.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log and pow on vectors, built only from IEEE basic operations (add, multiply, fused
 * multiply-add, divide, conversions, bit manipulation).
 *
 * <p>The Vector API's own {@code EXP} and {@code POW} run the compiler's SVML intrinsics once a
 * method is JIT-compiled but a per-lane {@code Math} fallback before that, and the two differ by
 * an ulp now and then. Results would then depend on how warm the JVM is, which breaks the
 * promise that a row scores the same on every call and every thread. These functions give the
 * same bits in every execution mode. Accuracy: exp about 1e-15 relative in double; log (used
 * only inside pow) about 1e-14, far below a float ulp; the float functions are evaluated in
 * double and rounded once, so they are within one ulp of the correctly rounded result.
 *
 * <p>The functions work in place on arrays and no vector crosses a method boundary: a vector
 * passed to or returned from a method that the JIT does not inline (and Vector API helpers are
 * often too big to inline) is boxed, which costs far more than the math. So exp's body exists
 * once, in the double-array loop, and the float functions stage through a double work array.
 */
final class VectorMath {
  static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
  static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** Floats with as many lanes as {@link #DOUBLES}: conversions between the two compile to one instruction. */
  static final VectorSpecies<Float> HALF =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

  private static final double LOG2E = 1.4426950408889634;
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double ROUND_SHIFT = 6755399441055744.0; // 1.5 * 2^52
  private static final long ROUND_SHIFT_BITS = Double.doubleToRawLongBits(ROUND_SHIFT);
  private static final double EXP_MAX = 709.78;
  private static final double EXP_MIN = -708.39;
  private static final double SQRT2 = 1.4142135623730951;
  private static final long MANTISSA = 0x000fffffffffffffL;
  private static final long ONE_BITS = 0x3ff0000000000000L;
  private static final double[] EXP_COEFFS = new double[12];
  private static final double[] LOG_COEFFS = new double[8];

  static {
    double factorial = 1;
    for (int n = 0; n < EXP_COEFFS.length; n++) {
      factorial *= Math.max(n, 1);
      EXP_COEFFS[n] = 1.0 / factorial;
    }
    for (int n = 0; n < LOG_COEFFS.length; n++) {
      LOG_COEFFS[n] = 2.0 / (2 * n + 1);
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
   * e^x in place for {@code a[from, to)} (a multiple of {@code HALF.length()} long), evaluated in
   * double through {@code work} (at least as long as the range) and rounded once.
   */
  static void exp(float[] a, int from, int to, double[] work) {
    int n = to - from;
    for (int i = 0; i < n; i += HALF.length()) {
      ((DoubleVector) FloatVector.fromArray(HALF, a, from + i).convertShape(VectorOperators.F2D, DOUBLES, 0))
          .intoArray(work, i);
    }
    exp(work, 0, n);
    for (int i = 0; i < n; i += HALF.length()) {
      ((FloatVector) DoubleVector.fromArray(DOUBLES, work, i).convertShape(VectorOperators.D2F, HALF, 0))
          .intoArray(a, from + i);
    }
  }

  /**
   * x^r in place for {@code a[from, to)} (a multiple of {@code HALF.length()} long), all x ≥ 0
   * and r > 0 (0 gives 0, as e^−∞; NaN stays NaN), as exp(r · log x) in double through
   * {@code work} (at least as long as the range), rounded once.
   */
  static void pow(float[] a, int from, int to, float r, double[] work) {
    int n = to - from;
    DoubleVector ln2Hi = DoubleVector.broadcast(DOUBLES, LN2_HI);
    DoubleVector ln2Lo = DoubleVector.broadcast(DOUBLES, LN2_LO);
    for (int i = 0; i < n; i += HALF.length()) {
      DoubleVector x =
          (DoubleVector) FloatVector.fromArray(HALF, a, from + i).convertShape(VectorOperators.F2D, DOUBLES, 0);
      LongVector bits = x.max(Double.MIN_NORMAL).reinterpretAsLongs();
      DoubleVector e =
          (DoubleVector) bits.lanewise(VectorOperators.LSHR, 52).sub(1023).convert(VectorOperators.L2D, 0);
      DoubleVector m = bits.and(MANTISSA).or(ONE_BITS).reinterpretAsDoubles();
      VectorMask<Double> big = m.compare(VectorOperators.GT, SQRT2);
      m = m.blend(m.mul(0.5), big);
      e = e.blend(e.add(1.0), big);
      DoubleVector s = m.sub(1.0).div(m.add(1.0));
      DoubleVector z = s.mul(s);
      DoubleVector p = DoubleVector.broadcast(DOUBLES, LOG_COEFFS[LOG_COEFFS.length - 1]);
      for (int c = LOG_COEFFS.length - 2; c >= 0; c--) {
        p = p.fma(z, DoubleVector.broadcast(DOUBLES, LOG_COEFFS[c]));
      }
      e.fma(ln2Hi, e.fma(ln2Lo, s.mul(p)))
          .mul(r)
          .blend(Double.NEGATIVE_INFINITY, x.compare(VectorOperators.LE, 0.0))
          .blend(x, x.compare(VectorOperators.NE, x))
          .intoArray(work, i);
    }
    exp(work, 0, n);
    for (int i = 0; i < n; i += HALF.length()) {
      ((FloatVector) DoubleVector.fromArray(DOUBLES, work, i).convertShape(VectorOperators.D2F, HALF, 0))
          .intoArray(a, from + i);
    }
  }
}
