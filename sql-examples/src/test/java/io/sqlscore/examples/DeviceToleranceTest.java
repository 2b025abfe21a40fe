package io.sqlscore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What a golden run on another device may and may not change. */
class DeviceToleranceTest {
  private static final String EXPECTED = String.join("\n",
      "SELECT id, round(p, 6) AS p FROM t;",
      "+----+----------+",
      "| id | p        |",
      "+----+----------+",
      "|  0 |  7.92E-4 |",
      "|  1 | 0.190642 |",
      "+----+----------+",
      "(2 rows)",
      "",
      "  ArrowPredict(model=adult, version=1, outputs=[score], device=auto -> cpu, batch=4096, threads=2)",
      "");

  @Test
  void theDeviceLabelScoresWithinTheToleranceAndTableWidthsMayDiffer() {
    String actual = String.join("\n",
        "SELECT id, round(p, 6) AS p FROM t;",
        "+----+-----------+",
        "| id | p         |",
        "+----+-----------+",
        "|  0 | 7.921E-4  |",
        "|  1 | 0.1906425 |",
        "+----+-----------+",
        "(2 rows)",
        "",
        "  ArrowPredict(model=adult, version=1, outputs=[score], device=gpu, batch=4096, threads=2)",
        "");
    DeviceTolerance.Result result = DeviceTolerance.compare(EXPECTED, actual);
    assertEquals(0, result.differences().size(), result.differences()::toString);
    assertEquals(2, result.linesWithinTolerance(), "the two scores");
    assertEquals(0, DeviceTolerance.compare(EXPECTED, EXPECTED).differences().size());
  }

  @Test
  void integersTextRowCountsAndLargerDifferencesMayNot() {
    String[][] changes = {
        {"|  1 | 0.190642 |", "|  2 | 0.190642 |"},
        {"|  1 | 0.190642 |", "|  1 | 0.190682 |"},
        {"(2 rows)", "(3 rows)"},
        {"outputs=[score]", "outputs=[explain]"},
        {"|  1 | 0.190642 |\n", "|  1 | 0.190642 |\n|  2 | 0.5 |\n"},
    };
    for (String[] change : changes) {
      String actual = EXPECTED.replace(change[0], change[1]);
      assertTrue(!DeviceTolerance.compare(EXPECTED, actual).differences().isEmpty(), change[1]);
    }
  }
}
