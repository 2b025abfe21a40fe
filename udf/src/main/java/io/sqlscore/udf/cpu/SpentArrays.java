package io.sqlscore.udf.cpu;

/**
 * Output arrays of an earlier forward pass taken over by the next one when they have the right
 * length (see {@link io.sqlscore.udf.CompiledModel#forward(io.sqlscore.udf.FeatureBatch,
 * io.sqlscore.udf.Outputs, io.sqlscore.udf.ForwardResult)}), new ones otherwise. The caller
 * overwrites every element.
 */
final class SpentArrays {
  private SpentArrays() {}

  /** {@code spent} when it holds exactly {@code length} floats, else a new array. */
  static float[] floats(float[] spent, int length) {
    return spent != null && spent.length == length ? spent : new float[length];
  }

  /** {@code spent} when it holds exactly {@code length} ints, else a new array. */
  static int[] ints(int[] spent, int length) {
    return spent != null && spent.length == length ? spent : new int[length];
  }
}
