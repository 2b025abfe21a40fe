package io.sqlscore.udf.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlscore.model.ModelKind;
import io.sqlscore.udf.ArmLayout;
import io.sqlscore.udf.ForwardResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ranking rules of EXPLAIN.md on small hand-computed cases. */
class ExplainerTest {
  /** One row, K = 1 head, O = 3 neurons, F = 4 fields. */
  private static ForwardResult armNet(float[] gates, float[] weights) {
    return new ForwardResult(1, 4, 1, 3, 0, new double[] {0}, new double[] {0.5}, gates, weights,
        ArmLayout.neuronMajor(3, 4), null, null);
  }

  @Test
  void armNetEffectiveCrossFeaturesFollowTheHalfWeightCut() {
    float[] gates = {
      0.5f, 0.3f, 0.2f, 0f, // neuron 0: support {0, 1, 2}
      0.25f, 0.25f, 0.25f, 0.25f, // neuron 1: support all
      0f, 0f, 1f, 0f}; // neuron 2: support {2}
    float[] weights = {
      -0.6f, 0.25f, 0.15f, 0f, // |w| 0.6, 0.25, 0.15: half of 1.0 reached by field 0 alone -> C = {0}
      0.1f, 0.1f, 0.4f, 0.45f, // field 3 then field 2 reach half of 1.05 -> C = {2, 3}
      0f, 0f, 0.6f, 0f}; // C = {2}
    RowExplanation row = Explainer.forKind(ModelKind.ARMNET).explain(armNet(gates, weights), 0, 10);
    assertEquals(3, row.crosses().size());
    CrossFeature first = row.crosses().get(0);
    assertArrayEquals(new int[] {2, 3}, first.fields());
    assertEquals(1.05 / 3, first.weight(), 1e-7);
    assertEquals(4, first.supportOrder());
    assertEquals(2, first.order());
    CrossFeature second = row.crosses().get(1);
    assertArrayEquals(new int[] {0}, second.fields());
    assertEquals(1.0 / 3, second.weight(), 1e-7);
    assertEquals(3, second.supportOrder());
    CrossFeature third = row.crosses().get(2);
    assertArrayEquals(new int[] {2}, third.fields());
    assertEquals(0.6 / 3, third.weight(), 1e-7);
    assertEquals(1, third.supportOrder());
    assertArrayEquals(new double[] {0.7 / 3, 0.35 / 3, 1.15 / 3, 0.45 / 3}, row.importance(), 1e-7);
    assertArrayEquals(new int[] {2, 0, 3, 1}, row.byImportance());
  }

  @Test
  void aNeuronWhoseSupportHasNoWeightStillNamesItsFirstField() {
    float[] gates = {
      0f, 0.5f, 0.5f, 0f, // support {1, 2}, all |w| zero: the first pick (lowest field) already reaches half of 0
      0f, 0f, 0f, 1f,
      0f, 0f, 0f, 1f};
    float[] weights = {0f, 0f, -0f, 0f, 0f, 0f, 0f, 0.5f, 0f, 0f, 0f, 0.5f};
    RowExplanation row = Explainer.forKind(ModelKind.ARMNET).explain(armNet(gates, weights), 0, 10);
    assertEquals(2, row.crosses().size());
    assertArrayEquals(new int[] {3}, row.crosses().get(0).fields());
    assertEquals(2, row.crosses().get(0).neurons());
    assertArrayEquals(new int[] {1}, row.crosses().get(1).fields());
    assertEquals(0.0, row.crosses().get(1).weight());
    assertEquals(2, row.crosses().get(1).supportOrder());
  }

  @Test
  void theFieldMajorLayoutOfTheCpuModelExplainsLikeTheDocumentedOne() {
    float[] gates = {0.5f, 0.3f, 0.2f, 0f, 0.25f, 0.25f, 0.25f, 0.25f, 0f, 0f, 1f, 0f};
    float[] weights = {-0.6f, 0.25f, 0.15f, 0f, 0.1f, 0.1f, 0.4f, 0.45f, 0f, 0f, 0.6f, 0f};
    ForwardResult fieldMajor = byField(armNet(gates, weights), 8);
    assertArrayEquals(gates, fieldMajor.gates());
    assertArrayEquals(weights, fieldMajor.interactionWeights());
    for (int k : new int[] {0, 1, 2, 10}) {
      RowExplanation expected = Explainer.forKind(ModelKind.ARMNET).explain(armNet(gates, weights), 0, k);
      RowExplanation got = Explainer.forKind(ModelKind.ARMNET).explain(fieldMajor, 0, k);
      assertEquals(expected.crosses(), got.crosses());
      assertArrayEquals(expected.importance(), got.importance());
      assertArrayEquals(expected.byImportance(), got.byImportance());
    }
  }

  /**
   * The explainer starts each row from the previous row's picks (kept in the ExplainedRow it
   * fills) and must give exactly what explaining the row on its own gives: rows that repeat the
   * one before, and rows that change it a little (a gate closed, a weight scaled, two weights
   * swapped, two magnitudes made equal, a neuron without weight). Rows that seldom change keep
   * the checks on; rows that change all the time make the explainer pause its checks and resume
   * them, and both must be right.
   */
  @Test
  void explainingRowAfterRowGivesWhatEachRowGivesAlone() {
    for (int changedRowsInTen : new int[] {1, 10}) {
      ForwardResult byNeuron = perturbedRows(6000, changedRowsInTen);
      for (ForwardResult result : List.of(byNeuron, byField(byNeuron, 16))) {
        explainRowAfterRow(result, changedRowsInTen);
      }
    }
  }

  private static void explainRowAfterRow(ForwardResult result, int changedRowsInTen) {
    Explainer explainer = Explainer.forKind(ModelKind.ARMNET);
    for (int k : new int[] {2, Integer.MAX_VALUE}) {
      ExplainedRow kept = new ExplainedRow();
      for (int r = 0; r < result.rows(); r++) {
        explainer.explain(result, r, k, kept);
        RowExplanation alone = explainer.explain(result, r, k);
        RowExplanation afterPrevious = kept.toRowExplanation();
        String where = "row " + r + ", k " + k + ", changed rows in ten " + changedRowsInTen + ", "
            + result.armLayout();
        assertEquals(alone.crosses(), afterPrevious.crosses(), where);
        assertArrayEquals(alone.importance(), afterPrevious.importance(), where);
        assertArrayEquals(alone.byImportance(), afterPrevious.byImportance(), where);
      }
    }
  }


  /**
   * {@code result} in the CPU model's field-major layout, each field's neurons padded to
   * {@code stride} with values that no explanation may read.
   */
  private static ForwardResult byField(ForwardResult result, int stride) {
    int neurons = result.armHeads() * result.armNeurons();
    int fields = result.fields();
    ArmLayout layout = ArmLayout.fieldMajor(fields, stride);
    float[] gates = new float[result.rows() * layout.rowStep()];
    float[] weights = new float[gates.length];
    java.util.Arrays.fill(gates, Float.NaN);
    java.util.Arrays.fill(weights, Float.NaN);
    for (int r = 0; r < result.rows(); r++) {
      for (int n = 0; n < neurons; n++) {
        for (int f = 0; f < fields; f++) {
          gates[layout.at(r, n, f)] = result.gates()[(r * neurons + n) * fields + f];
          weights[layout.at(r, n, f)] = result.interactionWeights()[(r * neurons + n) * fields + f];
        }
      }
    }
    return new ForwardResult(result.rows(), fields, result.armHeads(), result.armNeurons(), 0, result.logits(),
        result.scores(), gates, weights, layout, null, null);
  }

  /**
   * Rows of 6 neurons x 5 fields, each a copy of the row before with up to two changes in
   * {@code changed} of ten rows (now and then a NaN weight).
   */
  private static ForwardResult perturbedRows(int rows, int changed) {
    int neurons = 6;
    int fields = 5;
    int size = neurons * fields;
    float[] gates = new float[rows * size];
    float[] weights = new float[rows * size];
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < size; i++) {
      gates[i] = random.nextFloat();
      weights[i] = random.nextFloat() - 0.5f;
    }
    for (int r = 1; r < rows; r++) {
      System.arraycopy(gates, (r - 1) * size, gates, r * size, size);
      System.arraycopy(weights, (r - 1) * size, weights, r * size, size);
      int changes = random.nextInt(10) < changed ? 1 + random.nextInt(2) : 0;
      for (int c = 0; c < changes; c++) {
        int at = r * size + random.nextInt(size);
        int neuronStart = at - (at - r * size) % fields;
        int other = neuronStart + random.nextInt(fields);
        switch (random.nextInt(7)) {
          case 0 -> gates[at] = gates[at] > 0 ? 0f : random.nextFloat();
          case 1 -> weights[at] *= 0.5f + random.nextFloat();
          case 2 -> {
            float swapped = weights[at];
            weights[at] = weights[other];
            weights[other] = swapped;
          }
          case 3 -> weights[at] = -weights[other];
          case 4 -> java.util.Arrays.fill(weights, neuronStart, neuronStart + fields, 0f);
          case 5 -> weights[at] = random.nextInt(20) == 0 ? Float.NaN : random.nextFloat() - 0.5f;
          default -> weights[at] = random.nextFloat() - 0.5f;
        }
      }
    }
    return new ForwardResult(rows, fields, 2, neurons / 2, 0, new double[rows], new double[rows], gates, weights,
        ArmLayout.neuronMajor(neurons, fields), null, null);
  }

  @Test
  void equalWeightsRankByOrderThenByFields() {
    CrossFeature pair = new CrossFeature(new int[] {0, 3}, 4, 1, 0.25);
    CrossFeature single = new CrossFeature(new int[] {5}, 4, 1, 0.25);
    CrossFeature otherPair = new CrossFeature(new int[] {1, 2}, 4, 1, 0.25);
    CrossFeature heavier = new CrossFeature(new int[] {1, 2, 3}, 4, 1, 0.5);
    List<CrossFeature> ranked = new java.util.ArrayList<>(List.of(otherPair, pair, single, heavier));
    ranked.sort(CrossFeature::compareByRank);
    assertEquals(List.of(heavier, single, pair, otherPair), ranked);
  }

  @Test
  void neuronsWithTheSameCrossFeatureFormOneItemAndKCutsTheList() {
    float[] gates = {1f, 0f, 0f, 0f, 0.9f, 0.1f, 0f, 0f, 0f, 0f, 0f, 1f};
    float[] weights = {0.2f, 0f, 0f, 0f, 0.3f, 0.01f, 0f, 0f, 0f, 0f, 0f, 0.1f};
    RowExplanation top = Explainer.forKind(ModelKind.ARMNET_PLUS).explain(armNet(gates, weights), 0, 1);
    assertEquals(1, top.crosses().size());
    CrossFeature merged = top.crosses().get(0);
    assertArrayEquals(new int[] {0}, merged.fields());
    assertEquals(2, merged.neurons());
    assertEquals((0.2 + 0.31) / 3, merged.weight(), 1e-7);
  }

  @Test
  void autoIntPairsAreMeanSymmetricAttentionOfTheLastLayer() {
    int f = 3;
    float[] layer0 = new float[2 * f * f];
    float[] last = {
      // head 0: rows are queries i, columns keys j
      0.2f, 0.5f, 0.3f,
      0.1f, 0.1f, 0.8f,
      0.6f, 0.2f, 0.2f,
      // head 1
      1f, 0f, 0f,
      0f, 1f, 0f,
      0f, 0f, 1f};
    ForwardResult result = new ForwardResult(1, f, 0, 0, 2, new double[] {0}, new double[] {0.5}, null, null, null,
        null, new float[][] {layer0, last});
    RowExplanation row = Explainer.forKind(ModelKind.AUTOINT).explain(result, 0, 2);
    // p[0,1] = mean_h (A[0,1] + A[1,0]) / 2 = ((0.5 + 0.1) / 2 + 0) / 2 = 0.15
    // p[0,2] = ((0.3 + 0.6) / 2 + 0) / 2 = 0.225; p[1,2] = ((0.8 + 0.2) / 2 + 0) / 2 = 0.25
    assertEquals(List.of(2, 2), row.crosses().stream().map(CrossFeature::order).toList());
    assertArrayEquals(new int[] {1, 2}, row.crosses().get(0).fields());
    assertEquals(0.25, row.crosses().get(0).weight(), 1e-7);
    assertArrayEquals(new int[] {0, 2}, row.crosses().get(1).fields());
    assertEquals(0.225, row.crosses().get(1).weight(), 1e-7);
    // importance[f] = mean over heads and queries of A[i, f]: attention received, summing to 1.
    assertArrayEquals(new double[] {1.9 / 6, 1.8 / 6, 2.3 / 6}, row.importance(), 1e-7);
  }
}
