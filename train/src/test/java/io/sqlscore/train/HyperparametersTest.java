package io.sqlscore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelKind;
import io.sqlscore.model.Task;
import io.sqlscore.model.TensorSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HyperparametersTest {
  @Test
  void smallFeatureSpacesGetTheAdultSettingsLargeOnesFrappes() {
    Map<String, Object> adult = Hyperparameters.resolve(ModelKind.ARMNET_PLUS, 14, 112, Map.of());
    assertEquals("{model_kind=armnet_plus, nfield=14, nfeat=112, nemb=8, nhead=4, nhid=8, alpha=1.7, mlp_nlayer=2,"
        + " mlp_nhid=64, deep_nlayer=2, deep_nhid=64}", adult.toString());
    Map<String, Object> frappe = Hyperparameters.resolve(ModelKind.AUTOINT_PLUS, 10, 5382, Map.of());
    assertEquals(List.of(32, 32, 32), frappe.get("attn_dims"));
    assertEquals(10, frappe.get("nemb"));
    assertEquals(256, frappe.get("deep_nhid"));
    assertEquals(32, Hyperparameters.resolve(ModelKind.ARMNET, 10, 5382, Map.of()).get("nhid"));
  }

  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void resolvedValuesMakeAValidConfig(ModelKind kind) {
    Map<String, Object> hyper = Hyperparameters.resolve(kind, 3, 50, Map.of("nemb", "6"));
    ModelConfig config = ModelConfig.of(kind, Task.BINARY, hyper, List.of());
    assertEquals(6, config.nemb());
    assertEquals(6L, TensorSchema.of(config).shapes().get("embedding.embedding.weight")[1]);
  }

  @Test
  void overridesAreCheckedPerKind() {
    Map<String, Object> h = Hyperparameters.resolve(ModelKind.AUTOINT, 5, 30, Map.of("attn_dims", "[12, 6]", "nhead", "3"));
    assertEquals(List.of(12, 6), h.get("attn_dims"));
    assertEquals(2.0, Hyperparameters.resolve(ModelKind.ARMNET, 5, 30, Map.of("alpha", "2")).get("alpha"));
    assertEquals("autoint has no hyperparameter 'alpha'; its hyperparameters are nemb, nhead, attn_dims",
        refused(ModelKind.AUTOINT, Map.of("alpha", "1.5")));
    assertEquals("attn_dims [16, 16]: every layer width must be divisible by nhead (3)",
        refused(ModelKind.AUTOINT, Map.of("nhead", "3")));
    assertEquals("hyperparameter alpha must be 1 (softmax gates) or a number from 1.01 to 10 (entmax; 2 = sparsemax),"
        + " got '1.001'", refused(ModelKind.ARMNET_PLUS, Map.of("alpha", "1.001")));
    assertEquals("hyperparameter mlp_nhid must be an integer from 1 to 16384, got '0'",
        refused(ModelKind.ARMNET, Map.of("mlp_nhid", "0")));
    assertEquals("armnet has no hyperparameter 'nfield'; its hyperparameters are nemb, nhead, nhid, alpha,"
        + " mlp_nlayer, mlp_nhid", refused(ModelKind.ARMNET, Map.of("nfield", "3")));
  }

  private static String refused(ModelKind kind, Map<String, String> given) {
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> Hyperparameters.resolve(kind, 5, 30, given));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    return e.detail();
  }
}
