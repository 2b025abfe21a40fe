package io.sqlscore.train.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp, log and pow on float lanes, in place over array ranges whose length is a multiple of
 * {@link #LANES}, built only from IEEE basic operations (so the same bits come out of the
 * interpreter, C1 and C2, unlike the Vector API's SVML-backed EXP and LOG). Accuracy: within
 * about two float ulps, which is plenty for training; scoring uses its own functions.
 */
public final class FloatMath {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Lanes per vector: ranges must be multiples of it. */
  public static final int LANES = SPECIES.length();

  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float LN2 = 0.6931471805599453f;
  private static final float SHIFT = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
  private static final int SHIFT_BITS = Float.floatToRawIntBits(SHIFT);
  private static final float EXP_HI = 88f;
  private static final float EXP_LO = -87f;
  private static final float SQRT2 = 1.41421356f;
  private static final float[] EXP_COEFFS = {1f, 1f, 1f / 2, 1f / 6, 1f / 24, 1f / 120, 1f / 720, 1f / 5040};
  private static final float[] LOG_COEFFS = {2f, 2f / 3, 2f / 5, 2f / 7, 2f / 9};

  private FloatMath() {}

  /** Rounds {@code n} up to a multiple of {@link #LANES}. */
  public static int padded(int n) {
    return (n + LANES - 1) / LANES * LANES;
  }

  /**
   * {@code a[i] = e^a[i]} for i in {@code [from, to)}. Arguments are clamped to [−87, 88]
   * (results from about 1.6e-38 to 1.7e38); NaN stays NaN.
   */
  public static void exp(float[] a, int from, int to) {
    for (int i = from; i < to; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, a, i).max(EXP_LO).min(EXP_HI);
      FloatVector shifted = x.fma(LOG2E, SHIFT);
      FloatVector k = shifted.sub(SHIFT);
      FloatVector r = k.neg().fma(FloatVector.broadcast(SPECIES, LN2_HI), x);
      r = k.neg().fma(FloatVector.broadcast(SPECIES, LN2_LO), r);
      FloatVector p = FloatVector.broadcast(SPECIES, EXP_COEFFS[EXP_COEFFS.length - 1]);
      for (int c = EXP_COEFFS.length - 2; c >= 0; c--) {
        p = r.fma(p, FloatVector.broadcast(SPECIES, EXP_COEFFS[c]));
      }
      IntVector bits = shifted.reinterpretAsInts().sub(SHIFT_BITS - 127).lanewise(VectorOperators.LSHL, 23);
      bits.reinterpretAsFloats().mul(p).intoArray(a, i);
    }
  }

  /** {@code a[i] = ln a[i]} for positive normal inputs in {@code [from, to)} (others: undefined). */
  public static void log(float[] a, int from, int to) {
    for (int i = from; i < to; i += LANES) {
      IntVector bits = FloatVector.fromArray(SPECIES, a, i).max(Float.MIN_NORMAL).reinterpretAsInts();
      FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(127).convert(VectorOperators.I2F, 0);
      FloatVector m = bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats();
      VectorMask<Float> big = m.compare(VectorOperators.GT, SQRT2);
      m = m.blend(m.mul(0.5f), big);
      e = e.blend(e.add(1f), big);
      FloatVector s = m.sub(1f).div(m.add(1f));
      FloatVector z = s.mul(s);
      FloatVector p = FloatVector.broadcast(SPECIES, LOG_COEFFS[LOG_COEFFS.length - 1]);
      for (int c = LOG_COEFFS.length - 2; c >= 0; c--) {
        p = z.fma(p, FloatVector.broadcast(SPECIES, LOG_COEFFS[c]));
      }
      e.fma(FloatVector.broadcast(SPECIES, LN2), s.mul(p)).intoArray(a, i);
    }
  }

  /**
   * {@code a[i] = a[i]^r} for i in {@code [from, to)} with r > 0: 0 where {@code a[i] <= 0},
   * otherwise exp(r · ln a[i]).
   */
  public static void pow(float[] a, int from, int to, float r, float[] work) {
    System.arraycopy(a, from, work, 0, to - from);
    log(a, from, to);
    scale(a, from, to, r);
    exp(a, from, to);
    zeroWhereNotPositive(a, from, to, work);
  }

  private static void scale(float[] a, int from, int to, float r) {
    for (int i = from; i < to; i += LANES) {
      FloatVector.fromArray(SPECIES, a, i).mul(r).intoArray(a, i);
    }
  }

  private static void zeroWhereNotPositive(float[] a, int from, int to, float[] original) {
    for (int i = from; i < to; i += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, original, i - from);
      FloatVector.fromArray(SPECIES, a, i).blend(0f, x.compare(VectorOperators.LE, 0f)).intoArray(a, i);
    }
  }
}
