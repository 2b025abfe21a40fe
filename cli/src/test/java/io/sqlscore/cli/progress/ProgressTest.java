package io.sqlscore.cli.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The progress line's wording and the reporter's live and plain styles. */
class ProgressTest {
  @Test
  void lineWithTotalRateEtaAndFiles() {
    assertEquals("scored 1,200,000 of 10,000,000 rows (12.0%), 150,000 rows/s, ETA 58.7 s, 1 of 10 files",
        new Progress(1_200_000, 10_000_000, 1_200_000, 8, 1, 10).line());
    assertEquals("scored 5,000,000 of 10,000,000 rows (50.0%), 1,000 rows/s, ETA 1 h 23 min",
        new Progress(5_000_000, 10_000_000, 4_000, 4, 0, -1).line());
    assertEquals("scored 10 of 10 rows (100.0%), 5 rows/s, 1 of 1 file", new Progress(10, 10, 10, 2, 1, 1).line());
    assertEquals("scored 4,096 rows, 2,048 rows/s, 2.0 s", Progress.ofRows(4096, 2).line());
    assertEquals("3 min 05 s", Progress.duration(185));
  }

  @Test
  void liveLineIsRewrittenInPlaceAndClearedOnClose() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    report(out, ProgressReporter.Style.LIVE, calls -> calls == 1 ? "a longer line" : "short");
    out.println("result");
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("\ra longer line\rshort        \r"), text);
    assertTrue(text.endsWith("\r     \rresult" + System.lineSeparator()), text);
    assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line on the terminal: " + text);
  }

  @Test
  void plainLinesForLogsAndNothingWhenQuiet() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report(new PrintStream(bytes, true, StandardCharsets.UTF_8), ProgressReporter.Style.PLAIN,
        calls -> calls == 1 ? null : "step " + calls);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("step 2" + System.lineSeparator() + "step 3"), text);
    assertTrue(!text.contains("\r"), text);
    ByteArrayOutputStream none = new ByteArrayOutputStream();
    try (ProgressReporter quiet = new ProgressReporter(new PrintStream(none), ProgressReporter.Style.QUIET,
        Duration.ZERO, Duration.ofMillis(1), () -> "x")) {
      Thread.sleep(20);
    }
    assertEquals(0, none.size());
  }

  /** Reports every 5 ms until the line has been asked for three times; call n gets {@code line.apply(n)}. */
  private static void report(PrintStream out, ProgressReporter.Style style, IntFunction<String> line)
      throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    try (ProgressReporter reporter = new ProgressReporter(out, style, Duration.ZERO, Duration.ofMillis(5),
        () -> line.apply(calls.incrementAndGet()))) {
      while (calls.get() < 3) {
        Thread.sleep(5);
      }
    }
  }
}
