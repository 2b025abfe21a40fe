package io.sqlscore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainOptionsTest {
  @Test
  void defaultsFollowTheReferenceRecipes() {
    TrainOptions o = TrainOptions.defaults();
    assertEquals(30, o.epochs());
    assertEquals(3, o.patience());
    assertEquals(512, o.batchSize());
    assertEquals(1e-4, o.weightDecay());
    assertEquals(1.0, o.gradClip());
    assertEquals(0.1, o.validation());
    assertEquals(1.0, o.gateTemperature());
    assertTrue(o.learningRate().isEmpty());
    assertEquals(3e-3, o.learningRate(ModelKind.ARMNET_PLUS));
    assertEquals(1e-3, o.learningRate(ModelKind.AUTOINT_PLUS));
  }

  @Test
  void parsesEngineKeysAndPassesTheSqlSidesThrough() {
    TrainOptions o = TrainOptions.parse(Map.of(
        "epochs", "30", "patience", "0", "batch_size", "512", "learning_rate", "2e-3", "seed", "-7",
        "threads", "2", "gate_temperature", "0.25", "label", "churned", "alias", "candidate"));
    assertEquals(0, o.patience());
    assertEquals(2e-3, o.learningRate(ModelKind.AUTOINT));
    assertEquals(-7, o.seed());
    assertEquals(0.25, o.gateTemperature());
    assertEquals(Map.of("label", "churned", "alias", "candidate"), o.extra());
    assertEquals(0.5, o.with("dropout", "0.5").dropout());
    assertEquals("churned", o.with("dropout", "0.5").extra().get("label"));
  }

  @Test
  void namesTheKeyAndWhatIsAllowed() {
    assertEquals(
        "unknown training option 'epoch'; the training options are epochs, patience, batch_size, learning_rate,"
            + " seed, threads, weight_decay, grad_clip, validation, dropout, gate_temperature; CREATE MODEL also"
            + " takes alias, description, label, memory_budget, min_count, null_policy, task, test",
        refused("epoch", "3"));
    assertEquals("training option batch_size must be an integer from 2 to 1048576, got '1'", refused("batch_size", "1"));
    assertEquals("training option epochs must be an integer from 1 to 100000, got 'ten'", refused("epochs", "ten"));
    assertEquals("training option learning_rate must be a number above 0 and at most 10, got '0'",
        refused("learning_rate", "0"));
    assertEquals("training option validation must be a number of at least 0 and at most 0.5, got '0.9'",
        refused("validation", "0.9"));
    assertEquals("training option seed must be an integer, got '1.5'", refused("seed", "1.5"));
  }

  private static String refused(String key, String value) {
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> TrainOptions.parse(Map.of(key, value)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    return e.detail();
  }
}
