package io.sqlscore.train.nn;

import io.sqlscore.train.math.Workers;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam as PyTorch 1.13 computes it (betas 0.9 and 0.999, eps 1e-8, L2 weight decay added to
 * the gradient), preceded by clipping every gradient element to ±clip (PyTorch's
 * {@code clip_grad_value_}; 0 turns it off). Elementwise in float, in chunks of 4096 elements.
 */
public final class Adam {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int L = SPECIES.length();
  private static final int CHUNK = 4096;
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPS = 1e-8f;

  private record Chunk(Tensor tensor, float[] m, float[] v, int from, int to) {}

  private final List<Chunk> chunks = new ArrayList<>();
  private final float learningRate;
  private final float weightDecay;
  private final float clip;
  private long steps;

  /** An optimiser over {@code tensors} (trainable ones), with zeroed moments. */
  public Adam(List<Tensor> tensors, double learningRate, double weightDecay, double clip) {
    this.learningRate = (float) learningRate;
    this.weightDecay = (float) weightDecay;
    this.clip = clip > 0 ? (float) clip : Float.POSITIVE_INFINITY;
    for (Tensor t : tensors) {
      float[] m = new float[t.size()];
      float[] v = new float[t.size()];
      for (int from = 0; from < t.size(); from += CHUNK) {
        chunks.add(new Chunk(t, m, v, from, Math.min(t.size(), from + CHUNK)));
      }
    }
  }

  /** Steps taken so far. */
  public long steps() {
    return steps;
  }

  /** One update of every parameter from its gradient. */
  public void step(Workers workers) {
    steps++;
    float bias1 = (float) (1 - StrictMath.pow(BETA1, steps));
    float bias2Sqrt = (float) Math.sqrt(1 - StrictMath.pow(BETA2, steps));
    float stepSize = learningRate / bias1;
    workers.run(chunks.size(), i -> update(chunks.get(i), stepSize, bias2Sqrt));
  }

  private void update(Chunk c, float stepSize, float bias2Sqrt) {
    float[] p = c.tensor().data();
    float[] g = c.tensor().grad();
    float[] m = c.m();
    float[] v = c.v();
    int i = c.from();
    for (; i + L <= c.to(); i += L) {
      FloatVector param = FloatVector.fromArray(SPECIES, p, i);
      FloatVector grad = FloatVector.fromArray(SPECIES, g, i).max(-clip).min(clip);
      grad = grad.add(param.mul(weightDecay));
      FloatVector mean = FloatVector.fromArray(SPECIES, m, i).mul(BETA1).add(grad.mul(1 - BETA1));
      FloatVector square = FloatVector.fromArray(SPECIES, v, i).mul(BETA2).add(grad.mul(grad).mul(1 - BETA2));
      mean.intoArray(m, i);
      square.intoArray(v, i);
      FloatVector denom = square.sqrt().div(bias2Sqrt).add(EPS);
      param.sub(mean.div(denom).mul(stepSize)).intoArray(p, i);
    }
    for (; i < c.to(); i++) {
      float grad = Math.min(Math.max(g[i], -clip), clip) + p[i] * weightDecay;
      m[i] = m[i] * BETA1 + grad * (1 - BETA1);
      v[i] = v[i] * BETA2 + grad * grad * (1 - BETA2);
      float denom = (float) Math.sqrt(v[i]) / bias2Sqrt + EPS;
      p[i] = p[i] - m[i] / denom * stepSize;
    }
  }
}
