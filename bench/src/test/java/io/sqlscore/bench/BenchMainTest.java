package io.sqlscore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A mistake in a benchmark command's arguments is one line naming the option on standard error
 * and exit status 2, before anything is measured; never a Java exception's name or stack trace.
 */
class BenchMainTest {
  @Test
  void eachBadArgumentIsOneLineAndStatusTwo() {
    List<List<String>> cases = List.of(
        List.of("bench-score", "--rows", "abc"),
        List.of("bench-score", "--rows", "1000,0"),
        List.of("bench-score", "--threads"),
        List.of("bench-sql", "--rows", "-5"),
        List.of("bench-sql", "--data", "iris"),
        List.of("bench-serve", "--clients"),
        List.of("bench-serve", "--bogus", "1"),
        List.of("bench-train", "--threads", "x"),
        List.of("bench-train", "--kind", "xgboost"),
        List.of("bench-train-steps", "--model", "adult-mlp"),
        List.of("bench-sparsity", "--temperatures", "1,zero"),
        List.of("bench-peak", "--threads", "0"),
        List.of("bench-arrow", "--rows", "5"),
        List.of("bench-steps", "extra"),
        List.of("bench-kernel", "sql-examples/models/adult-autoint_plus", "--seconds", "x"));
    for (List<String> args : cases) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status = BenchMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      String message = err.toString(StandardCharsets.UTF_8);
      assertEquals(2, status, args + ": " + message);
      assertEquals("", out.toString(StandardCharsets.UTF_8), args.toString());
      assertEquals(1, message.lines().count(), args + ": " + message);
      assertTrue(message.startsWith("sqlscore " + args.get(0) + ": INVALID_ARGUMENT: "), message);
      assertTrue(!message.contains("Exception") && !message.contains("\tat "), message);
      String option = args.size() > 1 && args.get(1).startsWith("--") ? args.get(1) : "";
      assertTrue(message.contains(option), args + ": " + message);
    }
  }
}
