package io.sqlscore.udf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.sqlscore.model.SafeTensors;
import java.util.Locale;

/** The acceptance rule of the test vectors: |got − expected| / max(1, |expected|) ≤ tol. */
public final class Parity {
  private Parity() {}

  /** Asserts every element within the scaled tolerance; reports the worst element. */
  public static double assertClose(String what, float[] expected, double[] got, double tol) {
    assertEquals(expected.length, got.length, what + ": length");
    double worst = 0;
    int worstAt = -1;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs(got[i] - expected[i]) / Math.max(1.0, Math.abs(expected[i]));
      if (!(err <= worst)) {
        worst = err;
        worstAt = i;
      }
    }
    if (!(worst <= tol)) {
      fail(
          String.format(
              Locale.ROOT,
              "%s: scaled error %.3g > %.1g at index %d (expected %s, got %s)",
              what,
              worst,
              tol,
              worstAt,
              expected[worstAt],
              got[worstAt]));
    }
    return worst;
  }

  /** {@link #assertClose(String, float[], double[], double)} for float results. */
  public static double assertClose(String what, float[] expected, float[] got, double tol) {
    double[] wide = new double[got.length];
    for (int i = 0; i < got.length; i++) {
      wide[i] = got[i];
    }
    return assertClose(what, expected, wide, tol);
  }

  /** Asserts the first {@code expected.length} elements of {@code got} within tolerance. */
  public static void assertPrefixClose(String what, float[] expected, float[] got, double tol) {
    assertClose(what, expected, java.util.Arrays.copyOf(got, expected.length), tol);
  }

  /** Exact comparison of an integer tensor. */
  public static void assertExact(String what, SafeTensors expected, String name, int[] got) {
    assertArrayEquals(expected.ints(name), got, what + ": " + name);
  }

  /** sigmoid of every element, in double. */
  public static double[] sigmoid(float[] logits) {
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = 1.0 / (1.0 + Math.exp(-(double) logits[i]));
    }
    return out;
  }

  /** Local importance [B, F] of every row, as the explanations compute it. */
  public static double[] localImportance(io.sqlscore.model.ModelKind kind, ForwardResult result) {
    io.sqlscore.udf.explain.Explainer explainer = io.sqlscore.udf.explain.Explainer.forKind(kind);
    double[] all = new double[result.rows() * result.fields()];
    for (int b = 0; b < result.rows(); b++) {
      System.arraycopy(explainer.explain(result, b, 0).importance(), 0, all, b * result.fields(), result.fields());
    }
    return all;
  }
}
