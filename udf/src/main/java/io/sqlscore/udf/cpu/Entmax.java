package io.sqlscore.udf.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ARM-Net gates: α-entmax over the field axis (MODELS.md section 3), or softmax when
 * {@code alpha == 1.0}.
 *
 * <p>Works on many neurons at once, one per vector lane: scores are laid out {@code [F][stride]}
 * with neurons contiguous. With {@code x_f = (α−1)·s_f}, {@code d_f = max(x_f − τ, 0)} and
 * {@code r = 1/(α−1)}, the gates are {@code d_f^r / Σ d^r} at the threshold τ where
 * {@code Σ d^r = 1}. The normative algorithm finds τ by 50 bisection steps, one pow per field per
 * step (about 25 until float resolution stops the bracket shrinking); this class finds the same
 * root by Newton's method on {@code φ(τ) = (Σ_f d_f^r)^(1/r) − 1}, the r-norm of the positive
 * parts, which is convex and decreasing in τ and nearly linear (exactly linear while the support
 * does not change), so from the bisection's lower end {@code max x − 1} the iterates rise
 * monotonically to the root: two steps for α = 1.5 and 2, three for α = 1.7, plus one that
 * confirms the step has fallen to float resolution. A step that leaves the bracket the
 * evaluations have established (which rounding could cause) bisects instead, so the iteration
 * also converges where φ is not convex (α > 2). The gates come from the last τ. A lane that has
 * converged keeps its τ while the others in its group go on, so that each neuron's gates depend
 * on its own scores only: the GPU kernels (arm_math.h), one neuron per thread, give the same bits.
 *
 * <p>The powers are {@code d} for α = 2, {@code d·d} for α = 1.5 and
 * {@link VectorMath#pow} otherwise, evaluated for all fields of a lane group in one call.
 * Against the float64 reference the root lies within float resolution, as the bisection's does:
 * on every Adult and Frappe test row, gates within 6e-8 of the bisection's and the same support
 * (which fields are exactly 0). Public so that the kernel benchmarks can time it.
 */
public final class Entmax {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Neurons per vector: strides must be multiples of it. */
  public static final int LANES = SPECIES.length();
  /** Newton steps before giving up (only non-finite scores get near it). */
  private static final int MAX_STEPS = 30;
  /** A step below this (times max(1, |max x|)) means the root is found to float resolution. */
  private static final float RESOLUTION = 0x1p-20f;
  /** 1 / the largest |Σp − 1| accepted as the root (2^-20, a few times the float pow's noise). */
  private static final float SUM_TOLERANCE = 0x1p20f;
  /** Where |Σp − 1| is below this, Newton steps on Σp − 1 instead of the norm. */
  private static final float NEAR_ROOT = 0x1p-4f;

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
  private final int dOff;
  private final int qOff;
  private final int tauOff;
  private final int sumOff;
  private final int slopeOff;
  private final int normOff;
  private final int loOff;
  private final int hiOff;
  private final int resolutionOff;
  private final int doneOff;

  /** Gates for {@code alpha} (1.0 = softmax) over {@code fields} fields. */
  public Entmax(double alpha, int fields) {
    this.fields = fields;
    this.softmax = alpha == 1.0;
    float a = (float) alpha;
    this.am1 = a - 1f;
    this.exponent = 1f / am1;
    this.tauHiOffset = (float) Math.pow((float) (1.0 / fields), am1);
    this.power = exponent == 1f ? Power.IDENTITY : exponent == 2f ? Power.SQUARE : Power.POW;
    this.dOff = fields * LANES;
    this.qOff = 2 * fields * LANES;
    this.tauOff = 3 * fields * LANES;
    this.sumOff = tauOff + LANES;
    this.slopeOff = sumOff + LANES;
    this.normOff = slopeOff + LANES;
    this.loOff = normOff + LANES;
    this.hiOff = loOff + LANES;
    this.resolutionOff = hiOff + LANES;
    this.doneOff = resolutionOff + LANES;
  }

  /**
   * Floats of scratch {@link #gates} needs: x, d and q for each field; τ, Σp, Σq, the norm, the
   * bracket, the resolution and which lanes have converged.
   */
  public int scratchSize() {
    return (3 * fields + 8) * LANES;
  }

  /**
   * Computes gates for neurons {@code [0, stride)} (stride a multiple of {@link #LANES}).
   * Scores are {@code s[sOff + f*stride + n]} times {@code scale}; gates go to
   * {@code g[gOff + f*stride + n]}.
   */
  public void gates(float[] s, int sOff, int stride, float scale, float[] g, int gOff, float[] scratch) {
    for (int n = 0; n < stride; n += LANES) {
      if (softmax) {
        softmax(s, sOff + n, stride, scale, g, gOff + n);
      } else {
        entmax(s, sOff + n, stride, scale, g, gOff + n, scratch);
      }
    }
  }

  private void softmax(float[] s, int sOff, int stride, float scale, float[] g, int gOff) {
    FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
    for (int f = 0; f < fields; f++) {
      max = max.max(FloatVector.fromArray(SPECIES, s, sOff + f * stride).mul(scale));
    }
    for (int f = 0; f < fields; f++) {
      int at = gOff + f * stride;
      FloatVector.fromArray(SPECIES, s, sOff + f * stride).mul(scale).sub(max).intoArray(g, at);
      VectorMath.exp(g, at, at + LANES);
    }
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int f = 0; f < fields; f++) {
      sum = sum.add(FloatVector.fromArray(SPECIES, g, gOff + f * stride));
    }
    for (int f = 0; f < fields; f++) {
      FloatVector.fromArray(SPECIES, g, gOff + f * stride).div(sum).intoArray(g, gOff + f * stride);
    }
  }

  /** One lane group: x, the bracket, then Newton steps until converged, then the gates. */
  private void entmax(float[] s, int sOff, int stride, float scale, float[] g, int gOff, float[] x) {
    FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
    for (int f = 0; f < fields; f++) {
      FloatVector xf = FloatVector.fromArray(SPECIES, s, sOff + f * stride).mul(scale).mul(am1);
      xf.intoArray(x, f * LANES);
      max = max.max(xf);
    }
    max.sub(1f).intoArray(x, loOff);
    max.sub(1f).intoArray(x, tauOff);
    max.sub(tauHiOffset).intoArray(x, hiOff);
    max.abs().max(1f).mul(RESOLUTION).intoArray(x, resolutionOff);
    FloatVector.zero(SPECIES).intoArray(x, doneOff);
    for (int step = 0; step < MAX_STEPS; step++) {
      evaluate(x);
      if (step(x, step == 0)) {
        break;
      }
    }
    evaluate(x);
    FloatVector sum = FloatVector.fromArray(SPECIES, x, sumOff);
    for (int f = 0; f < fields; f++) {
      FloatVector.fromArray(SPECIES, x, dOff + f * LANES)
          .mul(FloatVector.fromArray(SPECIES, x, qOff + f * LANES))
          .div(sum)
          .intoArray(g, gOff + f * stride);
    }
  }

  /**
   * Narrows the bracket with the evaluation at τ and moves τ by a safeguarded Newton step: with
   * {@code S = Σ d^r}, {@code Q = Σ d^(r−1)} and {@code φ = S^(1/r)}, {@code dφ/dτ = −φ·Q/S},
   * so the step on the norm is {@code (φ − 1)·S / (φ·Q)}. Near the root it is the step on
   * {@code S − 1} itself, {@code (S − 1) / (r·Q)}: both converge quadratically there, and
   * {@code φ − 1} loses the last digits of {@code S − 1} when r is large. Lanes that converged
   * at an earlier step keep their τ and bracket. Returns whether every lane has converged.
   */
  private boolean step(float[] x, boolean first) {
    FloatVector tau = FloatVector.fromArray(SPECIES, x, tauOff);
    FloatVector sum = FloatVector.fromArray(SPECIES, x, sumOff);
    FloatVector norm = FloatVector.fromArray(SPECIES, x, normOff);
    FloatVector slope = FloatVector.fromArray(SPECIES, x, slopeOff);
    FloatVector excess = sum.sub(1f);
    VectorMask<Float> done = FloatVector.fromArray(SPECIES, x, doneOff).compare(VectorOperators.NE, 0f);
    VectorMask<Float> below = excess.compare(VectorOperators.GE, 0f);
    FloatVector oldLo = FloatVector.fromArray(SPECIES, x, loOff);
    FloatVector oldHi = FloatVector.fromArray(SPECIES, x, hiOff);
    FloatVector lo = oldLo.blend(tau, below);
    FloatVector hi = tau.blend(oldHi, below);
    FloatVector normStep = norm.sub(1f).mul(sum).div(norm.mul(slope));
    FloatVector sumStep = excess.div(slope.mul(exponent));
    FloatVector newton = tau.add(normStep.blend(sumStep, excess.abs().compare(VectorOperators.LT, NEAR_ROOT)));
    // A step that does not land strictly inside the bracket (or is NaN) bisects; one that does
    // not move τ at all has converged.
    FloatVector mid = hi.sub(lo).mul(0.5f).add(lo);
    FloatVector next = newton.blend(mid, newton.sub(lo).mul(hi.sub(newton)).compare(VectorOperators.LE, 0f));
    next = next.blend(mid, newton.compare(VectorOperators.NE, newton));
    next = next.blend(tau, newton.compare(VectorOperators.EQ, tau));
    if (first) {
      // The normative quirk: where Σp rounds to at most 1 at the lower end, every bisection
      // step keeps its midpoint, so the gates come from the upper end (one-hot on the max).
      VectorMask<Float> flat = excess.compare(VectorOperators.LE, 0f);
      lo = lo.blend(hi, flat);
      next = next.blend(hi, flat);
    }
    lo.blend(oldLo, done).intoArray(x, loOff);
    hi.blend(oldHi, done).intoArray(x, hiOff);
    next.blend(tau, done).intoArray(x, tauOff);
    // Converged: a step at float resolution where Σp is 1 to about 1e-6 (for α > 2 a field
    // entering the support makes the slope infinite and the step tiny away from the root
    // too), or a bracket that narrow. NaN (NaN scores) counts as converged: the gates are NaN.
    FloatVector resolution = FloatVector.fromArray(SPECIES, x, resolutionOff);
    FloatVector offRoot = excess.abs().mul(resolution).mul(SUM_TOLERANCE);
    FloatVector miss = next.sub(tau).abs().max(offRoot).min(hi.sub(lo));
    VectorMask<Float> converged =
        miss.blend(0f, miss.compare(VectorOperators.NE, miss)).compare(VectorOperators.LE, resolution).or(done);
    FloatVector.zero(SPECIES).blend(1f, converged).intoArray(x, doneOff);
    return converged.allTrue();
  }

  /**
   * At the τ in the scratch: {@code d_f} and {@code q_f = d_f^(r−1)} (0 outside the support) for
   * every field, {@code S = Σ_f q_f·d_f} (the powers {@code d^r}, summed in field order),
   * {@code Q = Σ_f q_f} and {@code S^(1/r)}. {@code q·d} is exact for α = 2 (q is 1 on the
   * support) and α = 1.5 (q is d).
   */
  private void evaluate(float[] x) {
    FloatVector tau = FloatVector.fromArray(SPECIES, x, tauOff);
    for (int f = 0; f < fields; f++) {
      FloatVector d = FloatVector.fromArray(SPECIES, x, f * LANES).sub(tau).max(0f);
      d.intoArray(x, dOff + f * LANES);
      d.intoArray(x, qOff + f * LANES);
    }
    if (power == Power.POW) {
      VectorMath.pow(x, qOff, qOff + fields * LANES, exponent - 1f);
    } else if (power == Power.IDENTITY) {
      supportIndicator(x);
    }
    // Accumulated in the scratch, not in loop-carried vectors, which C2 on JDK 17 fails to
    // store after the loop when this method is inlined into a larger one.
    FloatVector.zero(SPECIES).intoArray(x, sumOff);
    FloatVector.zero(SPECIES).intoArray(x, slopeOff);
    for (int f = 0; f < fields; f++) {
      FloatVector q = FloatVector.fromArray(SPECIES, x, qOff + f * LANES);
      FloatVector.fromArray(SPECIES, x, sumOff)
          .add(q.mul(FloatVector.fromArray(SPECIES, x, dOff + f * LANES)))
          .intoArray(x, sumOff);
      FloatVector.fromArray(SPECIES, x, slopeOff).add(q).intoArray(x, slopeOff);
    }
    normOfSum(x);
  }

  /** Replaces each {@code q_f = d_f} by 1 where {@code d_f > 0}, 0 elsewhere (α = 2). */
  private void supportIndicator(float[] x) {
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    for (int f = 0; f < fields; f++) {
      FloatVector d = FloatVector.fromArray(SPECIES, x, qOff + f * LANES);
      FloatVector.zero(SPECIES).blend(one, d.compare(VectorOperators.GT, 0f)).intoArray(x, qOff + f * LANES);
    }
  }

  /** The r-norm {@code S^(1/r) = S^(α−1)}: S itself for α = 2, its square root for α = 1.5. */
  private void normOfSum(float[] x) {
    FloatVector sum = FloatVector.fromArray(SPECIES, x, sumOff);
    if (power == Power.SQUARE) {
      sum.lanewise(VectorOperators.SQRT).intoArray(x, normOff);
    } else {
      sum.intoArray(x, normOff);
      if (power == Power.POW) {
        VectorMath.pow(x, normOff, normOff + LANES, am1);
      }
    }
  }
}
