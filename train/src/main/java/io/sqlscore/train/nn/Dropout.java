package io.sqlscore.train.nn;

/**
 * Dropout masks drawn from a counter-based hash of (seed, step, layer, element), so a mask does
 * not depend on which thread draws it or in what order: kept elements are scaled by 1/(1−p).
 */
public final class Dropout {
  private Dropout() {}

  /** The key of one layer's masks in one training step. */
  public static long key(long seed, long step, int layer) {
    return mix(mix(seed ^ 0x5DEECE66DL) + step * 0x9E3779B97F4A7C15L + layer);
  }

  /** 0 when element {@code index} is dropped with probability {@code p}, else {@code 1/(1−p)}. */
  public static float scale(long key, int index, float p) {
    double u = (mix(key + index * 0xBF58476D1CE4E5B9L) >>> 11) * 0x1.0p-53;
    return u < p ? 0f : 1f / (1f - p);
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
