package io.sqlscore.train;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.Task;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Small seeded data sets for engine tests: four categorical fields of 5 values each and one
 * numeric field, a binary label that depends on two fields' interaction, or a regression label.
 */
final class SyntheticData {
  static final int FIELDS = 5;
  static final int NFEAT = 21;

  private SyntheticData() {}

  /** A small model of {@code kind} over these fields. */
  static ModelConfig config(ModelKind kind, Task task) {
    String hyper = switch (kind) {
      case ARMNET -> "\"nhead\":2,\"nhid\":4,\"alpha\":1.5,\"mlp_nlayer\":1,\"mlp_nhid\":16";
      case ARMNET_PLUS -> "\"nhead\":2,\"nhid\":4,\"alpha\":1.7,\"mlp_nlayer\":1,\"mlp_nhid\":16,\"deep_nlayer\":1,\"deep_nhid\":16";
      case AUTOINT -> "\"nhead\":2,\"attn_dims\":[8,8]";
      case AUTOINT_PLUS -> "\"nhead\":2,\"attn_dims\":[8],\"deep_nlayer\":1,\"deep_nhid\":16";
    };
    String json = "{\"model_kind\":\"" + kind.configName() + "\",\"task\":\"" + task.configName() + "\",\"nfield\":" + FIELDS
        + ",\"nfeat\":" + NFEAT + ",\"nemb\":4," + hyper + "}";
    return ModelConfig.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code rows} rows; binary labels are 1 when fields 0 and 1 hold values whose sum is even
   * (flipped with probability 0.1), regression labels {@code 1000 + 50·(numeric + field 2)}
   * plus a little noise.
   */
  static InMemoryTrainingData rows(int rows, Task task, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] ids = new int[rows * FIELDS];
    float[] values = new float[rows * FIELDS];
    float[] labels = new float[rows];
    for (int r = 0; r < rows; r++) {
      int[] v = new int[4];
      for (int f = 0; f < 4; f++) {
        v[f] = random.nextInt(5);
        ids[r * FIELDS + f] = f * 5 + v[f];
        values[r * FIELDS + f] = 1f;
      }
      float x = (float) random.nextDouble();
      ids[r * FIELDS + 4] = 20;
      values[r * FIELDS + 4] = x;
      if (task == Task.BINARY) {
        boolean positive = (v[0] + v[1]) % 2 == 0;
        labels[r] = (positive ^ random.nextDouble() < 0.1) ? 1f : 0f;
      } else {
        labels[r] = (float) (1000 + 50 * (x + v[2]) + random.nextGaussian());
      }
    }
    return new InMemoryTrainingData(FIELDS, ids, values, labels);
  }
}
