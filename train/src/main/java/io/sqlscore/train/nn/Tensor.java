package io.sqlscore.train.nn;

import java.util.Arrays;

/**
 * One named tensor of a model: its values and, for a trainable parameter, its gradient
 * (BatchNorm running statistics are buffers without one). Row-major, official layout.
 */
public final class Tensor {
  private final String name;
  private final int[] shape;
  private final float[] data;
  private final float[] grad;

  Tensor(String name, int[] shape, boolean trainable) {
    this.name = name;
    this.shape = shape.clone();
    int size = 1;
    for (int dim : shape) {
      size = Math.multiplyExact(size, dim);
    }
    this.data = new float[size];
    this.grad = trainable ? new float[size] : null;
  }

  /** The state_dict name. */
  public String name() {
    return name;
  }

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public int size() {
    return data.length;
  }

  /** The values (live, not a copy). */
  public float[] data() {
    return data;
  }

  /** The gradient (live), or null for a buffer. */
  public float[] grad() {
    return grad;
  }

  /** True for parameters the optimiser updates. */
  public boolean trainable() {
    return grad != null;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
