package io.sqlscore.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench-flink}'s argument mistakes: one line naming the option, status 2, no job started. */
class FlinkBenchArgsTest {
  @Test
  void eachBadArgumentIsOneLineAndStatusTwo() {
    for (List<String> args : List.of(
        List.of("bench-flink", "--rows", "x"),
        List.of("bench-flink", "--parallelism", "1,0"),
        List.of("bench-flink", "--batch"),
        List.of("bench-flink", "--sync-rows", "1e5"),
        List.of("bench-flink", "--slots", "2"))) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = FlinkBench.run(args.toArray(String[]::new), new PrintStream(err, true, StandardCharsets.UTF_8));
      String message = err.toString(StandardCharsets.UTF_8);
      assertEquals(2, status, message);
      assertEquals(1, message.lines().count(), message);
      assertTrue(message.startsWith("sqlscore bench-flink: INVALID_ARGUMENT: "), message);
      assertTrue(message.contains(args.get(1)), message);
    }
  }
}
