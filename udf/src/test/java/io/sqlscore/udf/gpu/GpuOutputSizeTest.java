package io.sqlscore.udf.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import org.junit.jupiter.api.Test;

/**
 * The GPU model sizes its explanation outputs in long arithmetic: at batch_size 2^20 an ARM-Net
 * with 8 heads, 64 neurons and 43 fields needs 2^20 * 22,016 gate values, which overflowed an
 * int; it is now a clear error naming the largest batch_size that fits (no GPU needed).
 */
class GpuOutputSizeTest {
  @Test
  void sizesThatFitAreExact() {
    assertEquals(4096 * 8 * 64 * 43, GpuModel.arrayLength(4096, 8L * 64 * 43, "gates"));
  }

  @Test
  void aBatchTooLargeForOneArrayIsAnErrorNotAnOverflow() {
    int rows = 1 << 20;
    long perRow = 8L * 64 * 43;
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> GpuModel.arrayLength(rows, perRow, "gates"));
    assertEquals(ErrorCode.INVALID_SETTING, e.code());
    assertTrue(e.getMessage().contains("lower batch_size to at most " + GpuModel.MAX_ARRAY / perRow), e.getMessage());
    assertTrue((long) rows * perRow > Integer.MAX_VALUE && rows * (int) perRow != (long) rows * perRow,
        "the int product would have overflowed");
  }
}
