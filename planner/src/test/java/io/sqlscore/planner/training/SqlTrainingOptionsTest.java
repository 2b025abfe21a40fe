package io.sqlscore.planner.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.Task;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlTrainingOptionsTest {
  @Test
  void readsEveryOptionWithDefaults() {
    SqlTrainingOptions defaults = SqlTrainingOptions.from(Map.of());
    assertEquals("label", defaults.labelOrDefault());
    assertNull(defaults.task());
    assertEquals(1, defaults.minCount());
    assertTrue(defaults.memoryBudget().isEmpty());
    SqlTrainingOptions given = SqlTrainingOptions.from(Map.of("label", "churned", "task", "Regression",
        "min_count", "5", "memory_budget", "2GiB", "test", "SELECT 1"));
    assertEquals("churned", given.labelOrDefault());
    assertEquals(Task.REGRESSION, given.task());
    assertEquals(5, given.minCount());
    assertEquals(2L << 30, given.memoryBudget().getAsLong());
    assertEquals("SELECT 1", given.testQuery());
  }

  @Test
  void sizesTakeDecimalAndBinaryUnits() {
    assertEquals(500, SqlTrainingOptions.bytes("x", "500"));
    assertEquals(500, SqlTrainingOptions.bytes("x", "500 B"));
    assertEquals(1_500_000, SqlTrainingOptions.bytes("x", "1.5MB"));
    assertEquals(3L << 20, SqlTrainingOptions.bytes("x", "3 mib"));
    assertEquals(2_000_000_000_000L, SqlTrainingOptions.bytes("x", "2TB"));
    for (String bad : new String[] {"", "lots", "5 k", "5ib", "0", "-1MB", "1e3"}) {
      SqlscoreException e = assertThrows(SqlscoreException.class, () -> SqlTrainingOptions.bytes("budget", bad), bad);
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
      assertTrue(e.getMessage().contains("budget must be a size such as 500MB"), e.getMessage());
    }
  }

  @Test
  void nullPoliciesApplyPerColumnOrToTheRest() {
    NullPolicies policies = NullPolicies.parse("error, Age = 0.5, \"Plan\" = oov");
    assertEquals("0.5", policies.of("age").text());
    assertEquals(0.5, policies.of("AGE").value());
    assertTrue(policies.of("plan").isOov());
    assertTrue(policies.of("region").isError());
    assertNull(NullPolicies.defaults().of("age"));
    assertTrue(NullPolicies.parse("mean").of("x").isMean());
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> NullPolicies.parse("age = nan"));
    assertTrue(e.getMessage().contains("null_policy entry 'age = nan' is not a policy"), e.getMessage());
  }
}
