package io.sqlscore.udf.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ARM-Net gates: α-entmax over the field axis by the normative 50-step bisection of MODELS.md
 * section 3, or softmax when {@code alpha == 1.0}.
 *
 * <p>Works on many neurons at once, one per vector lane: scores are laid out {@code [F][stride]}
 * with neurons contiguous, and each lane runs its own bisection in float32 exactly as the
 * reference does. Once {@code tau_lo + dm == tau_lo} in every lane, every later iteration would
 * evaluate the same midpoint and keep {@code tau_lo}, so stopping there returns bit-identical
 * gates. The pow of the bisection is the identity for α = 2, a square for α = 1.5 and
 * {@link VectorMath#pow} otherwise, evaluated for all fields of a lane group in one call.
 * Public so that the kernel benchmarks can time it.
 */
public final class Entmax {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Neurons per vector: strides must be multiples of it. */
  public static final int LANES = SPECIES.length();
  private static final int ITERATIONS = 50;

  private enum Power {
    IDENTITY,
    SQUARE,
    POW
  }

  private final int fields;
  private final boolean softmax;
  private final float am1;
  private final float exponent;
  private final float tauHiOffset;
  private final Power power;
  private final int pOff;
  private final int tauOff;
  private final int sumOff;

  /** Gates for {@code alpha} (1.0 = softmax) over {@code fields} fields. */
  public Entmax(double alpha, int fields) {
    this.fields = fields;
    this.softmax = alpha == 1.0;
    float a = (float) alpha;
    this.am1 = a - 1f;
    this.exponent = 1f / am1;
    this.tauHiOffset = (float) Math.pow((float) (1.0 / fields), am1);
    this.power = exponent == 1f ? Power.IDENTITY : exponent == 2f ? Power.SQUARE : Power.POW;
    this.pOff = fields * LANES;
    this.tauOff = 2 * fields * LANES;
    this.sumOff = tauOff + LANES;
  }

  /** Floats of scratch {@link #gates} needs: x and p for each field, tau and Σp. */
  public int scratchSize() {
    return (2 * fields + 2) * LANES;
  }

  /** Doubles of work {@link #gates} needs for exp and pow. */
  public int workSize() {
    return fields * LANES;
  }

  /**
   * Computes gates for neurons {@code [0, stride)} (stride a multiple of {@link #LANES}).
   * Scores are {@code s[sOff + f*stride + n]} times {@code scale}; gates go to
   * {@code g[gOff + f*stride + n]}.
   */
  public void gates(
      float[] s, int sOff, int stride, float scale, float[] g, int gOff, float[] scratch, double[] work) {
    for (int n = 0; n < stride; n += LANES) {
      if (softmax) {
        softmax(s, sOff + n, stride, scale, g, gOff + n, work);
      } else {
        bisect(s, sOff + n, stride, scale, g, gOff + n, scratch, work);
      }
    }
  }

  private void softmax(float[] s, int sOff, int stride, float scale, float[] g, int gOff, double[] work) {
    FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
    for (int f = 0; f < fields; f++) {
      max = max.max(FloatVector.fromArray(SPECIES, s, sOff + f * stride).mul(scale));
    }
    for (int f = 0; f < fields; f++) {
      int at = gOff + f * stride;
      FloatVector.fromArray(SPECIES, s, sOff + f * stride).mul(scale).sub(max).intoArray(g, at);
      VectorMath.exp(g, at, at + LANES, work);
    }
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int f = 0; f < fields; f++) {
      sum = sum.add(FloatVector.fromArray(SPECIES, g, gOff + f * stride));
    }
    for (int f = 0; f < fields; f++) {
      FloatVector.fromArray(SPECIES, g, gOff + f * stride).div(sum).intoArray(g, gOff + f * stride);
    }
  }

  private void bisect(
      float[] s, int sOff, int stride, float scale, float[] g, int gOff, float[] x, double[] work) {
    FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
    for (int f = 0; f < fields; f++) {
      FloatVector xf = FloatVector.fromArray(SPECIES, s, sOff + f * stride).mul(scale).mul(am1);
      xf.intoArray(x, f * LANES);
      max = max.max(xf);
    }
    FloatVector tauLo = max.sub(1f);
    FloatVector tauHi = max.sub(tauHiOffset);
    tauLo.intoArray(x, tauOff);
    evaluate(x, work);
    FloatVector fLo = FloatVector.fromArray(SPECIES, x, sumOff).sub(1f);
    FloatVector dm = tauHi.sub(tauLo);
    FloatVector tauM = tauLo;
    for (int it = 0; it < ITERATIONS; it++) {
      dm = dm.div(2f);
      tauM = tauLo.add(dm);
      if (tauM.eq(tauLo).allTrue()) {
        break;
      }
      tauM.intoArray(x, tauOff);
      evaluate(x, work);
      FloatVector fM = FloatVector.fromArray(SPECIES, x, sumOff).sub(1f);
      VectorMask<Float> keep = fM.mul(fLo).compare(VectorOperators.GE, 0f);
      tauLo = tauLo.blend(tauM, keep);
    }
    tauM.intoArray(x, tauOff);
    evaluate(x, work);
    FloatVector sum = FloatVector.fromArray(SPECIES, x, sumOff);
    for (int f = 0; f < fields; f++) {
      FloatVector.fromArray(SPECIES, x, pOff + f * LANES).div(sum).intoArray(g, gOff + f * stride);
    }
  }

  /**
   * Writes {@code p_f = max(x_f − tau, 0)^r} for every field into the p region of {@code x}
   * and {@code Σ_f p_f}, summed in field order, into its sum region (arrays, not a returned
   * vector, so nothing is boxed if the JIT does not inline this).
   */
  private void evaluate(float[] x, double[] work) {
    FloatVector tau = FloatVector.fromArray(SPECIES, x, tauOff);
    for (int f = 0; f < fields; f++) {
      FloatVector d = FloatVector.fromArray(SPECIES, x, f * LANES).sub(tau).max(0f);
      (power == Power.SQUARE ? d.mul(d) : d).intoArray(x, pOff + f * LANES);
    }
    if (power == Power.POW) {
      VectorMath.pow(x, pOff, pOff + fields * LANES, exponent, work);
    }
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int f = 0; f < fields; f++) {
      sum = sum.add(FloatVector.fromArray(SPECIES, x, pOff + f * LANES));
    }
    sum.intoArray(x, sumOff);
  }
}
