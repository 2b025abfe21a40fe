package io.sqlscore.error;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CommandArgs}: values, flags, positional arguments, and each mistake as a one-line user error. */
class CommandArgsTest {
  private static final Map<String, Integer> ARITY =
      Map.of("--rows", 1, "--threads", 1, "--port", 1, "--t", 1, "--tls", 2, "--quiet", 0);

  @Test
  void readsValuesFlagsAndPositionalArguments() {
    CommandArgs args = new CommandArgs(
        List.of("model", "--rows", "1000000,10_000_000", "--threads", "4", "--tls", "a.pem", "b.pem", "--quiet", "--t",
            "0.5,2"), ARITY);
    assertEquals(List.of("model"), args.positional());
    assertEquals(List.of(1_000_000L, 10_000_000L), args.integers("--rows", List.of(), 1));
    assertEquals(4, args.integer("--threads", 2, 1));
    assertEquals(List.of("a.pem", "b.pem"), args.values("--tls"));
    assertTrue(args.has("--quiet"));
    assertArrayEquals(new double[] {0.5, 2}, args.positiveDecimals("--t", new double[] {1}));
    assertEquals(31337, args.integer("--port", 31337, 0, 65535));
    assertEquals(7L, args.longInteger("--absent", 7, 1));
    assertFalse(args.has("--absent"));
  }

  @Test
  void eachMistakeNamesTheOption() {
    assertEquals("unknown option --bogus; the options are --port --quiet --rows --t --threads --tls",
        refused(List.of("--bogus"), args -> { }));
    assertEquals("--tls needs 2 values", refused(List.of("--tls", "a.pem"), args -> { }));
    assertEquals("--rows needs 1 value", refused(List.of("--rows"), args -> { }));
    assertEquals("--rows must be an integer of at least 1, not 'abc'",
        refused(List.of("--rows", "1,abc"), args -> args.integers("--rows", List.of(), 1)));
    assertEquals("--threads must be an integer of at least 1, not '0'",
        refused(List.of("--threads", "0"), args -> args.integer("--threads", 2, 1)));
    assertEquals("--port must be an integer from 0 to 65535, not '99999'",
        refused(List.of("--port", "99999"), args -> args.integer("--port", 0, 0, 65535)));
    assertEquals("--threads must be an integer of at least 1, not '99999999999'",
        refused(List.of("--threads", "99999999999"), args -> args.integer("--threads", 2, 1)));
    assertEquals("--t takes numbers above 0, not '1,-2'",
        refused(List.of("--t", "1,-2"), args -> args.positiveDecimals("--t", null)));
    assertEquals("expected only options, got stray", refused(List.of("stray"), args -> args.requirePositional(0, "only options")));
  }

  private interface Use {
    void apply(CommandArgs args);
  }

  private static String refused(List<String> words, Use use) {
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> use.apply(new CommandArgs(words, ARITY)));
    assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    return e.detail();
  }
}
