package io.sqlscore.udf.cpu;

import java.util.Arrays;

/**
 * An embedding table {@code [N, E]} and the lookup of MODELS.md section 2:
 * {@code e[b, f, :] = table[ids[b, f], :] · v[b, f]}, with ARM-Net's clamp of v to
 * [0.001, 1] when asked for.
 */
final class EmbeddingTable {
  static final float CLAMP_MIN = 0.001f;
  static final float CLAMP_MAX = 1.0f;

  private final float[] table;
  private final int width;

  EmbeddingTable(float[] table, int width) {
    this.table = table;
    this.width = width;
  }

  long memoryBytes() {
    return 4L * table.length;
  }

  /**
   * Writes {@code cells} consecutive (id, value) cells starting at {@code from} as
   * {@code out[cell * E + j]}.
   */
  void gather(int[] ids, float[] values, int from, int cells, boolean clamp, float[] out) {
    for (int c = 0; c < cells; c++) {
      float v = values[from + c];
      if (clamp) {
        v = Math.min(Math.max(v, CLAMP_MIN), CLAMP_MAX);
      }
      int src = ids[from + c] * width;
      int dst = c * width;
      for (int j = 0; j < width; j++) {
        out[dst + j] = table[src + j] * v;
      }
    }
  }

  /**
   * Writes rows {@code [start, start + count)} of {@code fields} cells each, unclamped and
   * lane-major for a block of {@code lanes} rows: {@code out[outOff + (f·E + j)·lanes + r]} for
   * row {@code start + r}; lanes from {@code count} on are zero.
   */
  void gatherLanes(int[] ids, float[] values, int fields, int start, int count, int lanes, float[] out, int outOff) {
    if (count < lanes) {
      Arrays.fill(out, outOff, outOff + fields * width * lanes, 0f);
    }
    for (int r = 0; r < count; r++) {
      int cell = (start + r) * fields;
      for (int f = 0; f < fields; f++) {
        float v = values[cell + f];
        int src = ids[cell + f] * width;
        int dst = outOff + f * width * lanes + r;
        for (int j = 0; j < width; j++) {
          out[dst + j * lanes] = table[src + j] * v;
        }
      }
    }
  }
}
