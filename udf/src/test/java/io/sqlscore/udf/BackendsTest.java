package io.sqlscore.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.gpu.GpuBackend;
import org.junit.jupiter.api.Test;

class BackendsTest {
  @Test
  void findsTheCpuBackendByName() {
    assertTrue(Backends.byName("cpu") instanceof CpuBackend);
    assertTrue(Backends.available().stream().anyMatch(b -> b.name().equals("cpu")));
  }

  @Test
  void findsTheGpuBackendByNameEvenWhereItCannotRun() {
    Backend gpu = Backends.byName("gpu");
    assertTrue(gpu instanceof GpuBackend);
    assertEquals(gpu.isAvailable(), gpu.unavailableReason().isEmpty(), gpu.unavailableReason());
  }

  @Test
  void unknownBackendListsTheAvailableOnes() {
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> Backends.byName("tpu"));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    assertTrue(e.getMessage().contains("no backend 'tpu'; available: [cpu, gpu]"), e.getMessage());
  }

  @Test
  void runnerRefusesZeroThreads() {
    try (BatchRunner runner = new BatchRunner()) {
      SqlscoreException e =
          assertThrows(SqlscoreException.class, () -> runner.map(100, 0, (from, to) -> to - from));
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }
  }
}
