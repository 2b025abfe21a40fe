package io.sqlscore.udf.cpu;

import java.util.List;

/**
 * An {@link Mlp} over lane-major blocks of {@link LaneDense#LANES} rows: input p of block b is
 * the vector {@code x[(b·in + p)·LANES ..]}, its single output the vector
 * {@code out[outOff + b·LANES ..]}. Blocks go through each layer two at a time
 * ({@link LaneDense#apply}). Each row gets the same bits as through {@link Mlp}.
 */
final class LaneMlp {
  private final LaneDense[] layers;
  private final int width;

  LaneMlp(List<Mlp.Linear> linears) {
    this.layers = linears.stream()
        .map(l -> LaneDense.fromLinear(l.weight(), l.bias(), l.out(), l.in(), l.relu()))
        .toArray(LaneDense[]::new);
    int widest = 1;
    for (LaneDense layer : layers) {
      widest = Math.max(widest, layer.out());
    }
    this.width = widest;
  }

  /** Floats each of the two scratch buffers must hold per block. */
  int scratchPerBlock() {
    return width * LaneDense.LANES;
  }

  long memoryBytes() {
    long bytes = 0;
    for (LaneDense layer : layers) {
      bytes += layer.memoryBytes();
    }
    return bytes;
  }

  /** Runs {@code blocks} blocks of {@code x} into {@code out}. */
  void apply(float[] x, int blocks, float[] out, int outOff, float[] tmpA, float[] tmpB) {
    float[] src = x;
    float[] dst = tmpA;
    for (int i = 0; i < layers.length; i++) {
      LaneDense layer = layers[i];
      int srcStride = layer.in() * LaneDense.LANES;
      if (i == layers.length - 1) {
        layer.apply(src, 0, srcStride, out, outOff, LaneDense.LANES, blocks);
      } else {
        layer.apply(src, 0, srcStride, dst, 0, layer.out() * LaneDense.LANES, blocks);
        src = dst;
        dst = dst == tmpA ? tmpB : tmpA;
      }
    }
  }
}
