package io.sqlscore.train.nn;

import io.sqlscore.train.math.FloatMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ARM-Net's gates for training: α-entmax over the F fields of each neuron (softmax when
 * α = 1), with neurons in vector lanes ({@code [F][stride]} per row, stride a multiple of the
 * lane count), and its backward pass.
 *
 * <p>Forward finds the threshold τ of {@code p_f = max((α−1)s_f − τ, 0)^{1/(α−1)}} with
 * {@code Σ p = 1} by Newton's method from τ = max − 1. The sum is convex and decreasing in τ,
 * so Newton's steps from the left never overshoot (up to rounding; steps are kept inside the
 * bisection bracket of MODELS.md section 3); a handful of steps reach float precision where the
 * normative bisection takes 50. The gates then agree with the scoring kernel's bisection to
 * float rounding. Backward is the entmax Jacobian (as in the official {@code EntmaxBisectFunction}):
 * {@code ds = g' ⊙ (dp − Σ g'·dp / Σ g')} with {@code g' = p^{2−α}} on the support.
 */
final class Gates {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();
  private static final FloatVector ZERO = FloatVector.zero(SPECIES);
  private static final int MAX_STEPS = 30;
  private static final float TOLERANCE = 2e-6f;

  private final int fields;
  private final int stride;
  private final boolean softmax;
  private final float am1;
  private final float exponent;
  private final float tauHiOffset;
  private final float backwardExponent;

  /** Gates for {@code alpha} over {@code fields} fields, rows laid out {@code [fields][stride]}. */
  Gates(double alpha, int fields, int stride) {
    this.fields = fields;
    this.stride = stride;
    this.softmax = alpha == 1.0;
    this.am1 = (float) alpha - 1f;
    this.exponent = softmax ? 1f : 1f / am1;
    this.tauHiOffset = softmax ? 0f : (float) Math.pow(1.0 / fields, am1);
    this.backwardExponent = (float) (2.0 - alpha);
  }

  /** Working memory for one thread. */
  final class Scratch {
    final float[] x = new float[fields * L];
    final float[] d = new float[fields * L];
    final float[] p = new float[fields * L];
    final float[] work = new float[fields * L];
    final float[] tau = new float[L];
    final float[] lo = new float[L];
    final float[] hi = new float[L];
    final float[] max = new float[L];
  }

  Scratch newScratch() {
    return new Scratch();
  }

  /** Gates of one row: scores {@code s[off + f*stride + n]} to {@code g[gOff + f*stride + n]}. */
  void forward(float[] s, int off, float[] g, int gOff, Scratch w) {
    for (int n0 = 0; n0 < stride; n0 += L) {
      load(s, off + n0, w);
      if (softmax) {
        softmax(w);
      } else {
        for (int step = 0; step < MAX_STEPS; step++) {
          clampedDifference(w);
          power(w);
          if (newtonStep(w)) {
            break;
          }
        }
      }
      normalise(w, g, gOff + n0);
    }
  }

  /** x = s·(α−1) (s itself for softmax), its maximum, and the bracket and start of τ, per lane. */
  private void load(float[] s, int off, Scratch w) {
    FloatVector max = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
    float scale = softmax ? 1f : am1;
    for (int f = 0; f < fields; f++) {
      FloatVector x = FloatVector.fromArray(SPECIES, s, off + f * stride).mul(scale);
      x.intoArray(w.x, f * L);
      max = x.max(max);
    }
    FloatVector top = ZERO.add(max);
    top.sub(1f).intoArray(w.lo, 0);
    top.sub(1f).intoArray(w.tau, 0);
    top.sub(tauHiOffset).intoArray(w.hi, 0);
    top.intoArray(w.max, 0);
  }

  private void softmax(Scratch w) {
    FloatVector max = FloatVector.fromArray(SPECIES, w.max, 0);
    for (int f = 0; f < fields; f++) {
      FloatVector.fromArray(SPECIES, w.x, f * L).sub(max).intoArray(w.p, f * L);
    }
    FloatMath.exp(w.p, 0, fields * L);
  }

  private void clampedDifference(Scratch w) {
    FloatVector tau = FloatVector.fromArray(SPECIES, w.tau, 0);
    for (int f = 0; f < fields; f++) {
      FloatVector.fromArray(SPECIES, w.x, f * L).sub(tau).max(0f).intoArray(w.d, f * L);
    }
  }

  private void power(Scratch w) {
    int n = fields * L;
    if (exponent == 1f) {
      System.arraycopy(w.d, 0, w.p, 0, n);
    } else if (exponent == 2f) {
      for (int i = 0; i < n; i += L) {
        FloatVector d = FloatVector.fromArray(SPECIES, w.d, i);
        d.mul(d).intoArray(w.p, i);
      }
    } else {
      System.arraycopy(w.d, 0, w.p, 0, n);
      FloatMath.pow(w.p, 0, n, exponent, w.work);
    }
  }

  /**
   * Sums p and its derivative; returns true when every lane has Σp within tolerance of 1,
   * otherwise moves τ by one Newton step (kept inside the bracket).
   */
  private boolean newtonStep(Scratch w) {
    FloatVector sumP = FloatVector.zero(SPECIES);
    FloatVector slope = FloatVector.zero(SPECIES);
    for (int f = 0; f < fields; f++) {
      FloatVector p = FloatVector.fromArray(SPECIES, w.p, f * L);
      FloatVector d = FloatVector.fromArray(SPECIES, w.d, f * L);
      sumP = p.add(sumP);
      slope = p.div(d.max(Float.MIN_NORMAL)).add(slope);
    }
    FloatVector excess = ZERO.add(sumP).sub(1f);
    if (!excess.abs().compare(VectorOperators.GT, TOLERANCE).anyTrue()) {
      return true;
    }
    FloatVector tau = FloatVector.fromArray(SPECIES, w.tau, 0);
    tau.add(excess.div(ZERO.add(slope).mul(exponent)))
        .max(FloatVector.fromArray(SPECIES, w.lo, 0))
        .min(FloatVector.fromArray(SPECIES, w.hi, 0))
        .intoArray(w.tau, 0);
    return false;
  }

  private void normalise(Scratch w, float[] g, int gOff) {
    FloatVector sum = FloatVector.zero(SPECIES);
    for (int f = 0; f < fields; f++) {
      sum = FloatVector.fromArray(SPECIES, w.p, f * L).add(sum);
    }
    for (int f = 0; f < fields; f++) {
      FloatVector.fromArray(SPECIES, w.p, f * L).div(sum).intoArray(g, gOff + f * stride);
    }
  }

  /**
   * Backward of one row: gates {@code g} and the scores' gradient {@code ds} at
   * {@code off + f*stride + n}, the gates' gradient {@code dg} at {@code dgOff + f*stride + n}.
   */
  void backward(float[] g, float[] dg, int dgOff, float[] ds, int off, Scratch w) {
    for (int n0 = 0; n0 < stride; n0 += L) {
      slopes(g, off + n0, w);
      project(dg, dgOff + n0, ds, off + n0, w);
    }
  }

  /** w.p = g' (g for softmax, g^{2−α} on the support otherwise) for one lane group. */
  private void slopes(float[] g, int off, Scratch w) {
    for (int f = 0; f < fields; f++) {
      FloatVector.fromArray(SPECIES, g, off + f * stride).intoArray(w.p, f * L);
    }
    int n = fields * L;
    if (softmax || backwardExponent == 1f) {
      return;
    }
    if (backwardExponent == 0f) {
      for (int i = 0; i < n; i += L) {
        FloatVector p = FloatVector.fromArray(SPECIES, w.p, i);
        FloatVector.broadcast(SPECIES, 1f).blend(0f, p.compare(VectorOperators.LE, 0f)).intoArray(w.p, i);
      }
    } else if (backwardExponent == 0.5f) {
      for (int i = 0; i < n; i += L) {
        FloatVector.fromArray(SPECIES, w.p, i).max(0f).lanewise(VectorOperators.SQRT).intoArray(w.p, i);
      }
    } else {
      FloatMath.pow(w.p, 0, n, backwardExponent, w.work);
    }
  }

  /** ds = g' ⊙ (dg − Σ g'·dg / Σ g') for one lane group. */
  private void project(float[] dg, int dgOff, float[] ds, int off, Scratch w) {
    FloatVector weighted = FloatVector.zero(SPECIES);
    FloatVector total = FloatVector.zero(SPECIES);
    for (int f = 0; f < fields; f++) {
      FloatVector slope = FloatVector.fromArray(SPECIES, w.p, f * L);
      weighted = slope.fma(FloatVector.fromArray(SPECIES, dg, dgOff + f * stride), weighted);
      total = slope.add(total);
    }
    FloatVector q = ZERO.add(weighted).div(total);
    for (int f = 0; f < fields; f++) {
      FloatVector slope = FloatVector.fromArray(SPECIES, w.p, f * L);
      FloatVector.fromArray(SPECIES, dg, dgOff + f * stride).sub(q).mul(slope).intoArray(ds, off + f * stride);
    }
  }
}
