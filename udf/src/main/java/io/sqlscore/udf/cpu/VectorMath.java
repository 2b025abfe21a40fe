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
 * same bits in every execution mode. Accuracy: exp and log about 1e-15 relative in double;
 * the float functions are evaluated in double and rounded once.
 *
 * <p>The package-visible functions work in place on arrays, and conversions are written out in
 * their loops: vectors passed to or returned from a method that the JIT does not inline are
 * boxed, which costs more than the math.
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
  private static final double[] LOG_COEFFS = new double[12];

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

  /** e^x per lane; +∞ above 709.78, 0 below −708.39 (no subnormal results), NaN stays NaN. */
  private static DoubleVector exp(DoubleVector x) {
    DoubleVector clamped = x.max(EXP_MIN).min(EXP_MAX);
    DoubleVector shifted = clamped.mul(LOG2E).add(ROUND_SHIFT);
    DoubleVector k = shifted.sub(ROUND_SHIFT);
    DoubleVector r = k.neg().fma(constant(LN2_HI), clamped);
    r = k.neg().fma(constant(LN2_LO), r);
    DoubleVector p = DoubleVector.broadcast(DOUBLES, EXP_COEFFS[EXP_COEFFS.length - 1]);
    for (int n = EXP_COEFFS.length - 2; n >= 0; n--) {
      p = p.fma(r, constant(EXP_COEFFS[n]));
    }
    LongVector exponent =
        shifted.reinterpretAsLongs().sub(ROUND_SHIFT_BITS).add(1023).lanewise(VectorOperators.LSHL, 52);
    DoubleVector result = p.mul(exponent.reinterpretAsDoubles());
    result = result.blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
    result = result.blend(0.0, x.compare(VectorOperators.LT, EXP_MIN));
    return result.blend(x, x.test(VectorOperators.IS_NAN));
  }

  /** Natural log per lane, for positive normal inputs. */
  private static DoubleVector log(DoubleVector x) {
    LongVector bits = x.reinterpretAsLongs();
    DoubleVector e =
        (DoubleVector) bits.lanewise(VectorOperators.LSHR, 52).sub(1023).convert(VectorOperators.L2D, 0);
    DoubleVector m = bits.and(MANTISSA).or(ONE_BITS).reinterpretAsDoubles();
    VectorMask<Double> big = m.compare(VectorOperators.GT, SQRT2);
    m = m.blend(m.mul(0.5), big);
    e = e.blend(e.add(1.0), big);
    DoubleVector s = m.sub(1.0).div(m.add(1.0));
    DoubleVector z = s.mul(s);
    DoubleVector p = DoubleVector.broadcast(DOUBLES, LOG_COEFFS[LOG_COEFFS.length - 1]);
    for (int n = LOG_COEFFS.length - 2; n >= 0; n--) {
      p = p.fma(z, constant(LOG_COEFFS[n]));
    }
    return e.fma(constant(LN2_HI), e.fma(constant(LN2_LO), s.mul(p)));
  }

  private static DoubleVector constant(double value) {
    return DoubleVector.broadcast(DOUBLES, value);
  }

  /** e^x in place for {@code a[from, to)}; the length is a multiple of {@code DOUBLES.length()}. */
  static void exp(double[] a, int from, int to) {
    for (int i = from; i < to; i += DOUBLES.length()) {
      exp(DoubleVector.fromArray(DOUBLES, a, i)).intoArray(a, i);
    }
  }

  /**
   * e^x in place for {@code a[from, to)}, each evaluated in double and rounded once; the length is
   * a multiple of {@code HALF.length()}.
   */
  static void exp(float[] a, int from, int to) {
    for (int i = from; i < to; i += HALF.length()) {
      DoubleVector x = (DoubleVector) FloatVector.fromArray(HALF, a, i).convertShape(VectorOperators.F2D, DOUBLES, 0);
      ((FloatVector) exp(x).convertShape(VectorOperators.D2F, HALF, 0)).intoArray(a, i);
    }
  }

  /**
   * x^r in place for {@code a[from, to)}, all x ≥ 0 (0 gives 0), as exp(r · log x) in double
   * rounded once; the length is a multiple of {@code HALF.length()}.
   */
  static void pow(float[] a, int from, int to, float r) {
    for (int i = from; i < to; i += HALF.length()) {
      DoubleVector x = (DoubleVector) FloatVector.fromArray(HALF, a, i).convertShape(VectorOperators.F2D, DOUBLES, 0);
      DoubleVector y = exp(log(x.max(Double.MIN_NORMAL)).mul(r)).blend(0.0, x.compare(VectorOperators.LE, 0.0));
      ((FloatVector) y.convertShape(VectorOperators.D2F, HALF, 0)).intoArray(a, i);
    }
  }
}
