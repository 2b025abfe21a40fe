package io.sqlscore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sqlscore.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class InMemoryTrainingDataTest {
  /** Each row's numeric value identifies it (the synthetic data draws them at random). */
  private static List<Float> order(InMemoryTrainingData data, long seed, int epoch, int batch) {
    List<Float> seen = new ArrayList<>();
    data.forEachBatch(seed, epoch, batch, b -> {
      for (int r = 0; r < b.rows(); r++) {
        seen.add(b.values()[r * b.ids().length / b.rows() + 4]);
      }
    });
    return seen;
  }

  @Test
  void everyEpochVisitsEveryRowOnceInAnOrderFixedBySeedAndEpoch() {
    InMemoryTrainingData data = SyntheticData.rows(103, Task.BINARY, 1);
    List<Float> first = order(data, 5, 0, 10);
    assertEquals(103, first.size());
    assertEquals(103, new TreeSet<>(first).size());
    assertEquals(first, order(data, 5, 0, 10));
    assertNotEquals(first, order(data, 5, 1, 10));
    assertNotEquals(first, order(data, 6, 0, 10));
    List<Integer> sizes = new ArrayList<>();
    data.forEachBatch(5, 0, 10, b -> sizes.add(b.rows()));
    assertEquals(11, sizes.size());
    assertEquals(3, sizes.get(10));
  }

  @Test
  void splitHoldsOutTheFractionDeterministically() {
    InMemoryTrainingData data = SyntheticData.rows(1000, Task.BINARY, 2);
    InMemoryTrainingData[] parts = data.split(0.1, 7);
    assertEquals(900, parts[0].rows());
    assertEquals(100, parts[1].rows());
    TreeSet<Float> all = new TreeSet<>(order(parts[0], 1, 0, 64));
    all.addAll(order(parts[1], 1, 0, 64));
    assertEquals(1000, all.size());
    assertEquals(order(parts[1], 1, 0, 1000), order(data.split(0.1, 7)[1], 1, 0, 1000));
    assertNotEquals(order(parts[1], 1, 0, 1000), order(data.split(0.1, 8)[1], 1, 0, 1000));
    assertEquals(InMemoryTrainingData.bytesFor(1000, 5), 1000L * (5 * 8 + 4));
  }
}
