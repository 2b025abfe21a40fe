package io.sqlscore.udf;

/**
 * Where the value of (row, neuron, field) of an ARM-Net gate or interaction-weight array lies:
 * at {@code row * rowStep + neuron * neuronStep + field * fieldStep}. The documented layout is
 * neuron-major [B, K·O, F]; the CPU model hands out its field-major working layout
 * [B, F, padded K·O] as it is, which saves a transpose per row when only explanations read it.
 *
 * @param rowStep distance between two rows
 * @param neuronStep distance between two neurons (k·O + o order)
 * @param fieldStep distance between two fields
 */
public record ArmLayout(int rowStep, int neuronStep, int fieldStep) {
  /** The documented layout [B, K·O, F]. */
  public static ArmLayout neuronMajor(int neurons, int fields) {
    return new ArmLayout(neurons * fields, fields, 1);
  }

  /** [B, F, stride]: each field's neurons side by side, padded to {@code stride}. */
  public static ArmLayout fieldMajor(int fields, int stride) {
    return new ArmLayout(fields * stride, 1, stride);
  }

  /** The index of (row, neuron, field). */
  public int at(int row, int neuron, int field) {
    return row * rowStep + neuron * neuronStep + field * fieldStep;
  }
}
