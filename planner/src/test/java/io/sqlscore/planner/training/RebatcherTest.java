package io.sqlscore.planner.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlscore.train.Batch;
import io.sqlscore.udf.FeatureBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebatcherTest {
  @Test
  void cutsBatchesOfAnySizeIntoExactBatchesInOrder() {
    List<Batch> out = new ArrayList<>();
    Rebatcher rebatcher = new Rebatcher(2, 4, out::add);
    int next = 0;
    for (int size : new int[] {3, 1, 6, 0, 1}) {
      int[] ids = new int[size * 2];
      float[] values = new float[size * 2];
      float[] labels = new float[size];
      for (int r = 0; r < size; r++, next++) {
        ids[2 * r] = next;
        ids[2 * r + 1] = -next;
        values[2 * r] = next / 2f;
        labels[r] = next % 2;
      }
      rebatcher.add(new FeatureBatch(size, 2, ids, values), labels, null);
    }
    assertEquals(11, rebatcher.finish());
    assertEquals(List.of(4, 4, 3), out.stream().map(Batch::rows).toList());
    assertArrayEquals(new int[] {8, -8, 9, -9, 10, -10}, out.get(2).ids());
    assertArrayEquals(new float[] {4, 0, 4.5f, 0, 5, 0}, out.get(2).values());
    assertArrayEquals(new float[] {0, 1, 0, 1}, out.get(1).labels());
  }
}
