package io.sqlscore.udf;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.List;

/**
 * What a forward pass produced for B rows: logits and scores always, and the optional outputs
 * that were asked for (null otherwise).
 *
 * <p>Layouts are row-major: gates and interaction weights [B, K, O, F] (held in the
 * {@link ArmLayout} the model produced them in, see {@link #gatesAsLaidOut}), cross-feature
 * order [B, K, O], attention per layer [B, H, F, F]. Arrays are held, not copied.
 */
public final class ForwardResult {
  private final int rows;
  private final int fields;
  private final int armHeads;
  private final int armNeurons;
  private final int attentionHeads;
  private final double[] logits;
  private final double[] scores;
  private final float[] gates;
  private final float[] interactionWeights;
  private final ArmLayout armLayout;
  private final int[] crossFeatureOrder;
  private final float[][] attention;

  /**
   * Creates a result.
   *
   * @param rows B
   * @param fields F
   * @param armHeads K (0 for AutoInt)
   * @param armNeurons O (0 for AutoInt)
   * @param attentionHeads H (0 for ARM-Net)
   * @param logits [B]
   * @param scores [B]
   * @param gates gates in {@code armLayout}, or null
   * @param interactionWeights interaction weights in {@code armLayout}, or null
   * @param armLayout where each (row, neuron, field) of the two lies, or null when neither is held
   * @param crossFeatureOrder [B, K, O] or null
   * @param attention per layer [B, H, F, F], or null
   */
  public ForwardResult(
      int rows,
      int fields,
      int armHeads,
      int armNeurons,
      int attentionHeads,
      double[] logits,
      double[] scores,
      float[] gates,
      float[] interactionWeights,
      ArmLayout armLayout,
      int[] crossFeatureOrder,
      float[][] attention) {
    this.rows = rows;
    this.fields = fields;
    this.armHeads = armHeads;
    this.armNeurons = armNeurons;
    this.attentionHeads = attentionHeads;
    this.logits = logits;
    this.scores = scores;
    this.gates = gates;
    this.interactionWeights = interactionWeights;
    if ((gates != null || interactionWeights != null) && armLayout == null) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "gates and interaction weights need their layout");
    }
    this.armLayout = armLayout;
    this.crossFeatureOrder = crossFeatureOrder;
    this.attention = attention;
  }

  /** B. */
  public int rows() {
    return rows;
  }

  /** F. */
  public int fields() {
    return fields;
  }

  /** K: ARM-Net heads (0 for AutoInt). */
  public int armHeads() {
    return armHeads;
  }

  /** O: ARM-Net exponential neurons per head (0 for AutoInt). */
  public int armNeurons() {
    return armNeurons;
  }

  /** H: AutoInt heads (0 for ARM-Net). */
  public int attentionHeads() {
    return attentionHeads;
  }

  /** Number of attention maps (AutoInt layers) held, 0 when none were asked for. */
  public int attentionLayers() {
    return attention == null ? 0 : attention.length;
  }

  /** One logit per row. */
  public double[] logits() {
    return logits;
  }

  /** One score per row: sigmoid(logit) for binary models, the logit for regression. */
  public double[] scores() {
    return scores;
  }

  /** ARM-Net gates [B, K, O, F], or null when not asked for (a copy when held in another layout). */
  public float[] gates() {
    return neuronMajor(gates);
  }

  /** ARM-Net gates as the model laid them out (see {@link #armLayout}), or null when not asked for. */
  public float[] gatesAsLaidOut() {
    return gates;
  }

  /** Where each (row, neuron, field) of {@link #gatesAsLaidOut} and {@link #interactionWeightsAsLaidOut} lies. */
  public ArmLayout armLayout() {
    return armLayout;
  }

  /** ARM-Net interaction weights [B, K, O, F], or null when not asked for. */
  public float[] interactionWeights() {
    return neuronMajor(interactionWeights);
  }

  /** ARM-Net interaction weights as the model laid them out (see {@link #armLayout}), or null. */
  public float[] interactionWeightsAsLaidOut() {
    return interactionWeights;
  }

  private float[] neuronMajor(float[] values) {
    int neurons = armHeads * armNeurons;
    ArmLayout documented = ArmLayout.neuronMajor(neurons, fields);
    if (values == null || armLayout.equals(documented)) {
      return values;
    }
    float[] copy = new float[rows * neurons * fields];
    for (int b = 0; b < rows; b++) {
      for (int n = 0; n < neurons; n++) {
        for (int f = 0; f < fields; f++) {
          copy[documented.at(b, n, f)] = values[armLayout.at(b, n, f)];
        }
      }
    }
    return copy;
  }

  /** ARM-Net cross-feature order [B, K, O], or null when not asked for. */
  public int[] crossFeatureOrder() {
    return crossFeatureOrder;
  }

  /** AutoInt attention map of layer {@code layer}, [B, H, F, F]. */
  public float[] attention(int layer) {
    if (attention == null) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "attention maps were not asked for");
    }
    return attention[layer];
  }

  /** This result without its optional outputs (the arrays are shared, not copied). */
  public ForwardResult scoresOnly() {
    return new ForwardResult(rows, fields, armHeads, armNeurons, attentionHeads, logits, scores, null, null, null, null,
        null);
  }

  /**
   * Concatenates the results of consecutive row ranges of one batch, in order.
   *
   * @param parts results of the same model with the same outputs
   */
  public static ForwardResult concat(List<ForwardResult> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    ForwardResult first = parts.get(0);
    int rows = parts.stream().mapToInt(ForwardResult::rows).sum();
    float[][] attention = null;
    if (first.attention != null) {
      attention = new float[first.attention.length][];
      for (int l = 0; l < attention.length; l++) {
        int layer = l;
        attention[l] = concatFloats(parts.stream().map(p -> p.attention[layer]).toArray(float[][]::new));
      }
    }
    return new ForwardResult(
        rows,
        first.fields,
        first.armHeads,
        first.armNeurons,
        first.attentionHeads,
        concatDoubles(parts.stream().map(ForwardResult::logits).toArray(double[][]::new)),
        concatDoubles(parts.stream().map(ForwardResult::scores).toArray(double[][]::new)),
        first.gates == null
            ? null
            : concatFloats(parts.stream().map(ForwardResult::gatesAsLaidOut).toArray(float[][]::new)),
        first.interactionWeights == null
            ? null
            : concatFloats(parts.stream().map(ForwardResult::interactionWeightsAsLaidOut).toArray(float[][]::new)),
        first.armLayout,
        first.crossFeatureOrder == null
            ? null
            : concatInts(parts.stream().map(ForwardResult::crossFeatureOrder).toArray(int[][]::new)),
        attention);
  }

  private static double[] concatDoubles(double[][] parts) {
    double[] out = new double[java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (double[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  private static float[] concatFloats(float[][] parts) {
    float[] out = new float[java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  private static int[] concatInts(int[][] parts) {
    int[] out = new int[java.util.Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (int[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
