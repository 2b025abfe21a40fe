package io.sqlscore.udf.cpu;

import io.sqlscore.udf.BatchNormEval;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * ARM-Net's exponential neurons and {@code arm_bn} for one row (MODELS.md section 4, steps 6
 * to 8): {@code h[j·stride + n] = bn_n(exp(Σ_f w[f, n] · e[f, j]))}. The sums run in float with
 * neurons in vector lanes; exp and BatchNorm run in double, as section 9 recommends, because
 * trained models' arm_bn gain (~290) amplifies float rounding of exp(z) ≈ 1.
 *
 * <p>Public so that the kernel benchmarks can time it; the output layout {@code [E][stride]}
 * (neurons padded to {@link #stride()}) is the CPU backend's internal MLP input layout.
 */
public final class ExponentialNeurons {
  private static final VectorSpecies<Float> FLOATS = VectorMath.FLOATS;
  private static final VectorSpecies<Double> DOUBLES = VectorMath.DOUBLES;

  private final int fields;
  private final int emb;
  private final int stride;
  private final double[] scale;
  private final double[] shift;

  /** Per-call working memory. */
  public final class Workspace {
    final float[] z = new float[emb * stride];
    final double[] a = new double[emb * stride];
  }

  /**
   * Neurons {@code n < neurons} over {@code fields} fields of width {@code emb}, with arm_bn's
   * parameters {@code [neurons]}.
   */
  public ExponentialNeurons(
      int fields, int emb, int neurons, float[] gamma, float[] beta, float[] mean, float[] var) {
    this.fields = fields;
    this.emb = emb;
    this.stride = paddedNeurons(neurons);
    this.scale = new double[emb * stride];
    this.shift = new double[emb * stride];
    BatchNormEval norm = new BatchNormEval(gamma, beta, mean, var);
    for (int n = 0; n < neurons; n++) {
      for (int j = 0; j < emb; j++) {
        scale[j * stride + n] = norm.scale(n);
        shift[j * stride + n] = norm.shift(n);
      }
    }
  }

  /** {@code neurons} rounded up to a multiple of the float vector width. */
  public static int paddedNeurons(int neurons) {
    return (neurons + FLOATS.length() - 1) / FLOATS.length() * FLOATS.length();
  }

  /** The padded neuron count: the row stride of weights and of each output column block. */
  public int stride() {
    return stride;
  }

  /** Bytes of the folded BatchNorm parameters. */
  long memoryBytes() {
    return 8L * (scale.length + shift.length);
  }

  /** Working memory for {@link #apply}. */
  public Workspace newWorkspace() {
    return new Workspace();
  }

  /**
   * Computes one row.
   *
   * @param weights interaction weights {@code [F][stride]}
   * @param emb the row's embeddings {@code emb[embOff + f*E + j]}
   * @param hidden receives {@code hidden[hiddenOff + j*stride + n]}
   */
  public void apply(float[] weights, float[] emb, int embOff, float[] hidden, int hiddenOff, Workspace work) {
    for (int j = 0; j < this.emb; j++) {
      for (int n = 0; n < stride; n += FLOATS.length()) {
        FloatVector acc = FloatVector.zero(FLOATS);
        for (int f = 0; f < fields; f++) {
          acc = FloatVector.fromArray(FLOATS, weights, f * stride + n)
              .fma(FloatVector.broadcast(FLOATS, emb[embOff + f * this.emb + j]), acc);
        }
        acc.intoArray(work.z, j * stride + n);
      }
    }
    int size = this.emb * stride;
    for (int i = 0; i < size; i++) {
      work.a[i] = work.z[i];
    }
    VectorMath.exp(work.a, 0, size);
    // stride is a multiple of the float lane count, hence of the double lane count.
    for (int i = 0; i < size; i += DOUBLES.length()) {
      DoubleVector.fromArray(DOUBLES, work.a, i)
          .fma(DoubleVector.fromArray(DOUBLES, scale, i), DoubleVector.fromArray(DOUBLES, shift, i))
          .intoArray(work.a, i);
    }
    for (int i = 0; i < size; i++) {
      hidden[hiddenOff + i] = (float) work.a[i];
    }
  }
}
