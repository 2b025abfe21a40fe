package io.sqlscore.train.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.train.math.Workers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's analytic gradients of every parameter tensor of all four kinds against central
 * finite differences of {@link ReferenceLoss} in double precision, on small models with gates
 * sparse and dense, padded neuron lanes, dropout, and both tasks.
 */
class GradientCheckTest {
  private static final int ROWS = 11;
  private static final int FIELDS = 5;
  private static final int[] CARDINALITY = {6, 5, 1, 4, 1};
  private static final double STEP = 1e-6;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("armnet entmax 1.5, sparse gates, 6 neurons in 8 lanes",
            "\"model_kind\":\"armnet\",\"nemb\":4,\"nhead\":2,\"nhid\":3,\"alpha\":1.5,\"mlp_nlayer\":1,\"mlp_nhid\":6",
            0.1, 0f, 3.0),
        Arguments.of("armnet softmax, two MLP layers",
            "\"model_kind\":\"armnet\",\"nemb\":3,\"nhead\":1,\"nhid\":8,\"alpha\":1.0,\"mlp_nlayer\":2,\"mlp_nhid\":5",
            1.0, 0f, 1.0),
        Arguments.of("armnet_plus entmax 1.7",
            "\"model_kind\":\"armnet_plus\",\"nemb\":4,\"nhead\":3,\"nhid\":2,\"alpha\":1.7,\"mlp_nlayer\":1,\"mlp_nhid\":6,"
                + "\"deep_nlayer\":1,\"deep_nhid\":5",
            0.2, 0f, 2.0),
        Arguments.of("armnet_plus sparsemax (sparse gates) with dropout, regression",
            "\"model_kind\":\"armnet_plus\",\"task\":\"regression\",\"nemb\":4,\"nhead\":2,\"nhid\":4,\"alpha\":2.0,"
                + "\"mlp_nlayer\":2,\"mlp_nhid\":6,\"deep_nlayer\":2,\"deep_nhid\":5",
            0.3, 0.3f, 2.0),
        Arguments.of("autoint two layers",
            "\"model_kind\":\"autoint\",\"nemb\":4,\"nhead\":2,\"attn_dims\":[4,6]",
            1.0, 0f, 1.0),
        Arguments.of("autoint_plus with dropout, regression",
            "\"model_kind\":\"autoint_plus\",\"task\":\"regression\",\"nemb\":3,\"nhead\":2,\"attn_dims\":[4],"
                + "\"deep_nlayer\":2,\"deep_nhid\":5",
            1.0, 0.25f, 1.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void analyticGradientsMatchFiniteDifferences(
      String name, String hyper, double temperature, float dropout, double embeddingScale) {
    int nfeat = 0;
    for (int c : CARDINALITY) {
      nfeat += c;
    }
    ModelConfig config = ModelConfig.parse(
        ("{\"nfield\":" + FIELDS + ",\"nfeat\":" + nfeat + "," + hyper + "}").getBytes(StandardCharsets.UTF_8));
    long seed = 11;
    Parameters params = Parameters.initial(config, seed);
    SplittableRandom random = new SplittableRandom(5);
    perturb(params, random, embeddingScale);

    int[] ids = new int[ROWS * FIELDS];
    float[] values = new float[ROWS * FIELDS];
    float[] labels = new float[ROWS];
    int[][] idRows = new int[ROWS][FIELDS];
    float[][] valueRows = new float[ROWS][FIELDS];
    for (int b = 0; b < ROWS; b++) {
      int offset = 0;
      for (int f = 0; f < FIELDS; f++) {
        int id = offset + random.nextInt(CARDINALITY[f]);
        float value = CARDINALITY[f] == 1 ? (float) (random.nextDouble() * 1.4 - 0.1) : 1f;
        ids[b * FIELDS + f] = id;
        values[b * FIELDS + f] = value;
        idRows[b][f] = id;
        valueRows[b][f] = value;
        offset += CARDINALITY[f];
      }
      labels[b] = config.task() == io.sqlscore.model.Task.BINARY ? b % 2 : (float) random.nextGaussian();
    }

    long step = 3;
    NetworkOptions options = new NetworkOptions(dropout, temperature, seed);
    try (Workers workers = new Workers(2)) {
      Network network = Network.create(config, params, options);
      params.zeroGradients();
      float[] logits = network.forward(workers, ROWS, ids, values, step);
      float[] dLogits = new float[ROWS];
      Loss.of(config.task()).evaluate(logits, labels, ROWS, dLogits);
      network.backward(workers, dLogits);
    }

    Map<String, double[]> point = new LinkedHashMap<>();
    for (Tensor t : params.all().values()) {
      double[] copy = new double[t.size()];
      for (int i = 0; i < copy.length; i++) {
        copy[i] = t.data()[i];
      }
      point.put(t.name(), copy);
    }
    ReferenceLoss oracle = new ReferenceLoss(config, point, temperature, dropout, seed, step);
    List<String> failures = new ArrayList<>();
    for (Tensor t : params.trainable()) {
      double[] x = point.get(t.name());
      int[] picks = picks(t, random);
      double[] numeric = new double[picks.length];
      double scale = 0;
      for (int n = 0; n < picks.length; n++) {
        int i = picks[n];
        double saved = x[i];
        x[i] = saved + STEP;
        double up = oracle.loss(idRows, valueRows, labels);
        x[i] = saved - STEP;
        double down = oracle.loss(idRows, valueRows, labels);
        x[i] = saved;
        numeric[n] = (up - down) / (2 * STEP);
        scale = Math.max(scale, Math.abs(numeric[n]));
      }
      for (int n = 0; n < picks.length; n++) {
        double diff = Math.abs(t.grad()[picks[n]] - numeric[n]);
        if (diff > 2e-3 * scale + 2e-6) {
          failures.add(String.format("%s[%d]: analytic %.8g, finite difference %.8g", t.name(), picks[n], t.grad()[picks[n]], numeric[n]));
        }
      }
    }
    if (name.contains("sparse")) {
      assertTrue(oracle.zeroGateFraction() > 0.2, "gates should be sparse: " + oracle.zeroGateFraction());
    }
    assertTrue(failures.isEmpty(), name + ": " + failures.size() + " mismatches:\n" + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
  }

  /** Scales the embeddings (livelier scores) and moves norms and running stats off their start. */
  private static void perturb(Parameters params, SplittableRandom random, double embeddingScale) {
    for (Tensor t : params.all().values()) {
      float[] data = t.data();
      if (t.name().endsWith("embedding.weight")) {
        for (int i = 0; i < data.length; i++) {
          data[i] *= (float) embeddingScale;
        }
      } else if (t.name().contains("layer_norm") || t.name().matches(".*\\.mlp\\.[0-9]*[13579]\\..*") || t.name().startsWith("arm_bn.")) {
        for (int i = 0; i < data.length; i++) {
          data[i] += (float) (0.3 * (random.nextDouble() - 0.5));
        }
      }
    }
  }

  /** Up to 24 element indices of t: all of a small tensor, otherwise a seeded sample. */
  private static int[] picks(Tensor t, SplittableRandom random) {
    int n = Math.min(24, t.size());
    int[] out = new int[n];
    if (n == t.size()) {
      for (int i = 0; i < n; i++) {
        out[i] = i;
      }
      return out;
    }
    for (int i = 0; i < n; i++) {
      out[i] = random.nextInt(t.size());
    }
    return out;
  }
}
