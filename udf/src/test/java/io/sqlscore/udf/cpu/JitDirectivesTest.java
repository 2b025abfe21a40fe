package io.sqlscore.udf.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** HotSpot takes the directive once per JVM, when the CPU backend first compiles a model. */
class JitDirectivesTest {
  @Test
  void hotSpotTakesTheDirectiveOnce() {
    String first = JitDirectives.install();
    assertEquals("1 compiler directives added", first);
    assertSame(first, JitDirectives.install(), "installed once");
  }
}
